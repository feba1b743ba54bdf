/** What decorated messages (デコメ) need from the outside world; db/ implements it. */
import type { UnitOfWork } from '../ports.js';
import type { PointsTx } from '../course/ports.js';
import type { DecoDoc } from './model.js';

/** A gallery image members put into decorated messages (free, or bought once with points). */
export interface DecoTemplate {
  id: number;
  name: string;
  pricePoints: number;
  width: number;
  height: number;
  createdAt: number;
}

export interface DecoTemplateRepository {
  insert(t: Omit<DecoTemplate, 'id'> & { data: Buffer }): Promise<number>;
  list(): Promise<DecoTemplate[]>;
  findMany(ids: readonly number[]): Promise<DecoTemplate[]>;
  /** The image as stored (GIF). */
  image(id: number): Promise<Buffer | null>;
  /** false when the member already owns it (primary key). */
  addOwner(memberId: number, templateId: number, ref: string, at: number): Promise<boolean>;
  owned(memberId: number): Promise<Set<number>>;
}

export interface MessageDecorationRepository {
  put(messageId: number, doc: DecoDoc): Promise<void>;
  /** null: a plain message (or a stored document that no longer checks out). */
  find(messageId: number): Promise<DecoDoc | null>;
}

export type DecoTx = PointsTx & { decoTemplates: DecoTemplateRepository };

export interface DecoStore extends UnitOfWork<DecoTx> {
  decoTemplates: DecoTemplateRepository;
}
