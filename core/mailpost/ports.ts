/** What posting by mail needs from the outside world; db/ implements it. */
import type { AttemptRepository, UnitOfWork } from '../ports.js';
import type { MemberRepository } from '../members/ports.js';
import type { ProfileRepository } from '../profiles/ports.js';
import type { PhotoRepository } from '../photos/ports.js';
import type { PublishRepos } from '../diary/ports.js';

/** Where mail to an address goes: the member's diary, or one of their albums (`album:<id>`). */
export type MailTarget = 'diary' | `album:${number}`;

export interface MailAddress {
  token: string;
  memberId: number;
  target: MailTarget;
}

export interface MailAddressRepository {
  find(token: string): Promise<MailAddress | null>;
  forMember(memberId: number): Promise<MailAddress[]>;
  /** The member's address for this target becomes `token` (the old one stops working). */
  replace(memberId: number, target: MailTarget, token: string, at: number): Promise<void>;
}

/** A mail as the phone sent it, decoded (mail/inbound.ts): pictograms already in the stored form. */
export interface InboundPost {
  subject: string;
  text: string;
  /** JPEG, GIF and PNG attachments, as sent (decoded and checked by the photo rules). */
  images: Uint8Array[];
}

/** MailPostService's slice of the store: an entry and its photos are written together. */
export interface MailPostStore extends UnitOfWork<PublishRepos & { photos: PhotoRepository }> {
  mailAddresses: MailAddressRepository;
  members: MemberRepository;
  profiles: ProfileRepository;
  attempts: AttemptRepository;
}
