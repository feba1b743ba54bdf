import { DomainError } from '../errors.js';
import type { Clock } from '../ports.js';
import { spendPoints } from '../course/points.js';
import { decoTemplates, type DecoDoc } from './model.js';
import type { DecoStore, DecoTemplate } from './ports.js';

export interface GalleryEntry {
  template: DecoTemplate;
  /** Free, or bought by this member. */
  usable: boolean;
}

/**
 * The template gallery of decorated messages: free images, and paid ones bought once through the
 * points ledger (ref `deco:<member>:<template>`, never below zero); which a member may use.
 */
export class DecoGalleryService {
  constructor(
    private readonly store: DecoStore,
    private readonly clock: Clock,
  ) {}

  async add(t: { name: string; pricePoints: number; gif: Buffer; width: number; height: number }): Promise<number> {
    if (!Number.isInteger(t.pricePoints) || t.pricePoints < 0) throw new DomainError('invalid_input', { price: 'ポイント数が正しくありません' });
    return this.store.decoTemplates.insert({ name: t.name, pricePoints: t.pricePoints, width: t.width, height: t.height, data: t.gif, createdAt: this.clock.now() });
  }

  async gallery(memberId: number): Promise<GalleryEntry[]> {
    const [all, owned] = await Promise.all([this.store.decoTemplates.list(), this.store.decoTemplates.owned(memberId)]);
    return all.map((template) => ({ template, usable: template.pricePoints === 0 || owned.has(template.id) }));
  }

  /** Buys a paid template once (the ownership row and the spend commit together); 'already' if owned or free. */
  async acquire(memberId: number, templateId: number): Promise<'acquired' | 'already'> {
    const [t] = Number.isSafeInteger(templateId) ? await this.store.decoTemplates.findMany([templateId]) : [];
    if (!t) throw new DomainError('not_found');
    if (t.pricePoints === 0) return 'already';
    const ref = `deco:${memberId}:${t.id}`;
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
      if (!(await tx.decoTemplates.addOwner(memberId, t.id, ref, now))) return 'already';
      await spendPoints(tx, { memberId, amount: t.pricePoints, ref, note: `デコメテンプレート ${t.name}`, at: now });
      return 'acquired';
    });
  }

  /** Refuses a document using a template that does not exist or that the sender has not bought. */
  async requireUsable(memberId: number, doc: DecoDoc): Promise<void> {
    const ids = decoTemplates(doc);
    if (!ids.length) return;
    const [found, owned] = await Promise.all([this.store.decoTemplates.findMany(ids), this.store.decoTemplates.owned(memberId)]);
    const usable = new Set(found.filter((t) => t.pricePoints === 0 || owned.has(t.id)).map((t) => t.id));
    if (ids.some((id) => !usable.has(id))) throw new DomainError('invalid_input', { template: '使えないテンプレートが含まれています(有料テンプレートは購入してから使えます)' });
  }

  /** The images a document shows, for its deco-mail (GIF bytes by template id). */
  async images(doc: DecoDoc): Promise<{ id: number; gif: Buffer }[]> {
    const out = [];
    for (const id of decoTemplates(doc)) {
      const gif = await this.store.decoTemplates.image(id);
      if (gif) out.push({ id, gif });
    }
    return out;
  }

  image(id: number): Promise<Buffer | null> {
    return this.store.decoTemplates.image(id);
  }
}
