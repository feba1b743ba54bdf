import { randomBytes } from 'node:crypto';
import { isDomainError } from '../errors.js';
import type { Clock, Mailer } from '../ports.js';
import { AttemptLimiter, LIMITS } from '../limits.js';
import { clipText, charLength, cleanForeignText } from '../text.js';
import { publishEntry, DIARY_BODY_MAX, DIARY_TITLE_MAX, DiaryService } from '../diary/service.js';
import { PHOTOS_PER_ENTRY } from '../photos/service.js';
import { OPEN_SCREEN, type ContentScreen } from '../staff/screen.js';
import type { InboundPost, MailAddress, MailPostStore, MailTarget } from './ports.js';

/** Why a mail was not posted; the sender is told in their phone's charset (mail/mailer.ts). */
export type MailRefusal = 'too_large' | 'too_many_attachments' | 'malformed' | 'empty' | 'bad_image' | 'rate_limited' | 'no_album' | 'no_photo' | 'ng_word';

export const MAIL_POST_MAX_BYTES = 2 * 1024 * 1024;
/** Parts a mail may have at all (decorations included): more is refused before decoding any. */
export const MAIL_POST_MAX_ATTACHMENTS = 10;
/** Photos one mail adds to an album. */
export const MAIL_POST_MAX_ALBUM_PHOTOS = 5;

const REASONS: Record<MailRefusal, string> = {
  too_large: `メールが大きすぎます(${MAIL_POST_MAX_BYTES / 1024 / 1024}MBまで)。写真を小さくするか枚数を減らしてお送りください。`,
  too_many_attachments: `添付できる写真は${PHOTOS_PER_ENTRY}枚までです。枚数を減らしてお送りください。`,
  malformed: 'メールを読み取れませんでした。お手数ですがもう一度お送りください。',
  empty: '件名・本文・写真のいずれもありませんでした。',
  bad_image: '写真を読み取れませんでした。JPEG・GIF・PNGの写真をお送りください。',
  rate_limited: '短い間に多くのメールを受け取りました。しばらくしてからお送りください。',
  no_album: 'このアドレスのアルバムはもうありません。',
  no_photo: 'アルバムへのメールには写真(JPEG・GIF・PNG)を添付してください。',
  ng_word: '利用規約で禁止されている言葉が含まれているため、投稿できません。',
};

/** A refusal with the words the sender gets. */
export class MailPostRefused extends Error {
  constructor(
    readonly reason: MailRefusal,
    readonly detail: string = REASONS[reason],
  ) {
    super(`mail post refused: ${reason}`);
    this.name = 'MailPostRefused';
  }
}

/** Stores mailed photos in one of the member's albums, all or none (AlbumService.addPhotos). */
export type AddToAlbum = (memberId: number, albumId: number, images: Uint8Array[], caption: string) => Promise<number[]>;

/** Decoded and re-encoded photo (PhotoService.prepare: probe, budget, decode). */
export type PreparePhoto = (memberId: number, bytes: Uint8Array) => Promise<{ jpeg: Buffer; width: number; height: number }>;

const TOKEN = /^[a-z2-7]{20}$/;

/**
 * Posting from the phone by mail: each member has a secret address per target (re-issuable);
 * mail to it from the member's verified mail address becomes a diary entry with its photos,
 * entry and photos in one transaction (nothing half-posted).
 */
export class MailPostService {
  private readonly limiter: AttemptLimiter;

  constructor(
    private readonly store: MailPostStore,
    private readonly clock: Clock,
    private readonly mailer: Mailer,
    private readonly prepare: PreparePhoto,
    /** The domain of the posting addresses (the site's MX). */
    readonly domain: string,
    private readonly addToAlbum: AddToAlbum = async () => {
      throw new MailPostRefused('no_album');
    },
    /** The NG-word screen every new post passes (core/staff/screen.ts): a mailed entry too. */
    private readonly screen: ContentScreen = OPEN_SCREEN,
  ) {
    this.limiter = new AttemptLimiter(store.attempts, clock);
  }

  addressOf(a: Pick<MailAddress, 'token'>): string {
    return `${a.token}@${this.domain}`;
  }

  /** The member's posting addresses for the diary and these (own) albums, made on first sight. */
  async addresses(memberId: number, albumIds: readonly number[] = []): Promise<{ target: MailTarget; address: string }[]> {
    const wanted: MailTarget[] = ['diary', ...albumIds.map((id) => `album:${id}` as const)];
    let list = await this.store.mailAddresses.forMember(memberId);
    const missing = wanted.filter((t) => !list.some((a) => a.target === t));
    for (const t of missing) await this.reissue(memberId, t);
    if (missing.length) list = await this.store.mailAddresses.forMember(memberId);
    return wanted.map((t) => ({ target: t, address: this.addressOf(list.find((a) => a.target === t)!) }));
  }

  /** A new secret address for this target; the old one is refused from now on. */
  async reissue(memberId: number, target: MailTarget): Promise<void> {
    // 20 base32 characters (100 bits): unguessable, and easy to type on a keypad if need be.
    const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
    const token = [...randomBytes(20)].map((b) => alphabet[b & 31]).join('');
    await this.store.mailAddresses.replace(memberId, target, token, this.clock.now());
  }

  /**
   * The posting address this recipient names, when its member is active and `sender` (the
   * envelope sender) is that member's verified mail address; null otherwise (refused at RCPT TO).
   */
  async recipient(address: string, sender: string): Promise<MailAddress | null> {
    const m = /^([^@]+)@(.+)$/.exec(address.trim().toLowerCase());
    if (!m || m[2] !== this.domain.toLowerCase() || !TOKEN.test(m[1]!)) return null;
    const a = await this.store.mailAddresses.find(m[1]!);
    if (!a) return null;
    const member = await this.store.members.findById(a.memberId);
    if (!member || member.status !== 'active' || !member.mail || member.mailVerifiedAt === null) return null;
    return member.mail.toLowerCase() === sender.trim().toLowerCase() ? a : null;
  }

  /** Posts a decoded mail to the address's target; MailPostRefused says why not. */
  async post(to: MailAddress, mail: InboundPost): Promise<number> {
    const album = /^album:(\d{1,12})$/.exec(to.target);
    if (album) return this.postToAlbum(to.memberId, Number(album[1]), mail);
    if (mail.images.length > PHOTOS_PER_ENTRY) throw new MailPostRefused('too_many_attachments');
    const text = cleanForeignText(mail.text);
    const subject = cleanForeignText(mail.subject).replace(/\s+/g, ' ');
    if (!text && !subject && mail.images.length === 0) throw new MailPostRefused('empty');
    if (!(await this.limiter.reserve([{ key: `mailpost:member:${to.memberId}`, ...LIMITS.mailPosts }]))) throw new MailPostRefused('rate_limited');
    // Phones send photo-only mails with no subject or body: the entry still needs a title.
    const title = clipText(subject || (text.split('\n')[0] ?? '') || 'ケータイから', DIARY_TITLE_MAX);
    const body = charLength(text) > 0 ? clipText(text, DIARY_BODY_MAX) : mail.images.length ? '(写真)' : title;
    // Every photo is decoded (and budgeted) before anything is written.
    const photos: Awaited<ReturnType<PreparePhoto>>[] = [];
    for (const bytes of mail.images) {
      try {
        photos.push(await this.prepare(to.memberId, bytes));
      } catch (e) {
        if (isDomainError(e, 'rate_limited')) throw new MailPostRefused('rate_limited');
        if (isDomainError(e, 'invalid_input')) throw new MailPostRefused('bad_image', Object.values(e.fields)[0] ?? REASONS.bad_image);
        throw e;
      }
    }
    let word: string | null;
    try {
      word = await this.screen.check(title, body);
    } catch (e) {
      if (isDomainError(e, 'invalid_input')) throw new MailPostRefused('ng_word');
      throw e;
    }
    const visibility = (await this.store.profiles.find(to.memberId))?.defaultVisibility ?? DiaryService.defaultVisibility;
    const now = this.clock.now();
    const id = await this.store.transaction(async (tx) => {
      const id = await publishEntry(tx, { memberId: to.memberId, title, body, visibility, createdAt: now, updatedAt: now });
      for (const p of photos) await tx.photos.insert({ memberId: to.memberId, entryId: id, width: p.width, height: p.height, data: p.jpeg, createdAt: now });
      return id;
    });
    await this.screen.held('diary', id, word);
    return id;
  }

  /** Photos to an album: the subject (or the text's first line) is each photo's caption. */
  private async postToAlbum(memberId: number, albumId: number, mail: InboundPost): Promise<number> {
    if (mail.images.length === 0) throw new MailPostRefused('no_photo');
    if (mail.images.length > MAIL_POST_MAX_ALBUM_PHOTOS) throw new MailPostRefused('too_many_attachments', `アルバムへは1通に写真${MAIL_POST_MAX_ALBUM_PHOTOS}枚までです。`);
    if (!(await this.limiter.reserve([{ key: `mailpost:member:${memberId}`, ...LIMITS.mailPosts }]))) throw new MailPostRefused('rate_limited');
    const caption = clipText(cleanForeignText(mail.subject).replace(/\s+/g, ' ') || (cleanForeignText(mail.text).split('\n')[0] ?? ''), 100);
    try {
      return (await this.addToAlbum(memberId, albumId, mail.images, caption))[0]!;
    } catch (e) {
      if (isDomainError(e, 'not_found')) throw new MailPostRefused('no_album');
      if (isDomainError(e, 'rate_limited')) throw new MailPostRefused('rate_limited');
      if (isDomainError(e, 'invalid_input')) throw new MailPostRefused('bad_image', Object.values(e.fields)[0] ?? REASONS.bad_image);
      throw e;
    }
  }

  /** Tells the sender why their mail was not posted (in their phone's charset: the mailer's rule). */
  async tellRefused(sender: string, reason: MailRefusal, detail?: string): Promise<void> {
    const text = ['足あとへのメール投稿を受け付けられませんでした。', '', detail ?? REASONS[reason], '', 'このメールには返信できません。'].join('\n');
    await this.mailer.send({ to: sender, subject: '[足あと] メール投稿エラー', text });
  }
}

