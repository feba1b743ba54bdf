import { DomainError } from '../errors.js';
import { MEMBER_PAGES, type AccessGate } from '../access.js';
import type { Clock } from '../ports.js';
import type { PhotoStore } from './ports.js';
import { LIMITS, type AttemptLimiter } from '../limits.js';

/**
 * Image decoding and resizing, implemented outside core (media/). Every decode is preceded by
 * a look at the file's headers: an image over IMAGE_LIMITS, of a format not decoded, or whose
 * headers are cut short or malformed is refused with ImageRefused before a pixel is decoded.
 */
export interface ImageCodec {
  /** Decodes any supported image and re-encodes it as JPEG no larger than `maxSide`; throws on a broken file. */
  normalize(bytes: Uint8Array, maxSide: number): Promise<{ jpeg: Buffer; width: number; height: number }>;
  resize(jpeg: Buffer, width: number): Promise<Buffer>;
  /** A GIF of the photo at this width (handsets that show no JPEG). */
  toGif?(jpeg: Buffer, width: number): Promise<Buffer>;
}

/** What a handset can take: GIF only (the oldest i-mode handsets), and how many bytes one image may have. */
export interface ImageFit {
  gif: boolean;
  maxBytes: number;
}

/** GIF variants share the variant cache with JPEG ones under their own key (no width is this large). */
const GIF_KEY = 100_000;

/**
 * What one image may cost to decode: pixels (a 13-megapixel phone photo, 4160×3120, passes;
 * decoding and shrinking one that size takes jimp ~3 s of one core and ~300 MB), frames of an
 * animated GIF, scans of a progressive JPEG (each scan is a pass over the whole image), and
 * images waiting their turn (one is decoded at a time, so memory is one image's worth).
 */
export const IMAGE_LIMITS = { maxPixels: 13_000_000, maxFrames: 100, maxScans: 40, maxWaiting: 8 } as const;

export type ImageRefusal = 'too_many_pixels' | 'too_many_frames' | 'too_many_scans' | 'unsupported' | 'malformed' | 'busy';

/** Thrown by an ImageCodec for an image it will not decode. */
export class ImageRefused extends Error {
  constructor(readonly reason: ImageRefusal) {
    super(`image refused: ${reason}`);
    this.name = 'ImageRefused';
  }
}

const UNREADABLE = '画像を読み取れませんでした。JPEG・GIF・PNGの写真を選んでください';
const REFUSALS: Record<ImageRefusal, string> = {
  too_many_pixels: `画像が大きすぎます。${IMAGE_LIMITS.maxPixels / 10_000}万画素までの写真を選んでください`,
  too_many_frames: `アニメーションのコマ数が多すぎます(${IMAGE_LIMITS.maxFrames}コマまで)`,
  too_many_scans: UNREADABLE,
  unsupported: UNREADABLE,
  malformed: '画像を読み取れませんでした。ファイルが壊れているか、途中で切れています',
  busy: 'ただいま写真の受け付けが混み合っています。しばらくしてからもう一度お送りください',
};

export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const PHOTO_MAX_SIDE = 640;
/** Widths served; a handset gets the largest that fits its screen and page budget. */
export const PHOTO_WIDTHS = [64, 120, 240, 480] as const;
export const PHOTOS_PER_ENTRY = 3;
/** Photos a member may keep in all (profile, diary, albums, communities, mail posts); Premium keeps more. */
export const PHOTO_QUOTA = { member: 200, premium: 2000 } as const;

/** Profile photos: uploaded once, normalised (metadata such as GPS dropped), served per width. */
export class PhotoService {
  constructor(
    private readonly store: PhotoStore,
    private readonly codec: ImageCodec,
    private readonly clock: Clock,
    /** Reading an entry through the one access check (DiaryService.read). */
    private readonly readEntry: (viewerId: number | null, entryId: number) => Promise<{ memberId: number }>,
    private readonly gate: AccessGate,
    /** Budgets uploads per member before the costly decode (none: unbudgeted, as in unit tests). */
    private readonly limiter: AttemptLimiter | null = null,
    /**
     * Photos attached to something else (a community topic): false when the photo is not, true
     * when the viewer may read what it belongs to; throws not_found when they may not.
     */
    private readonly readAttached: (viewerId: number | null, photoId: number) => Promise<boolean> = async () => false,
    /** Whether the member is on mixi Premium now (the larger quota). */
    private readonly isPremium: (memberId: number) => Promise<boolean> = async () => false,
  ) {}

  /** How many photos the member may keep, and how many they keep now. */
  async quota(memberId: number): Promise<{ limit: number; used: number; premium: boolean }> {
    const [premium, used] = await Promise.all([this.isPremium(memberId), this.store.photos.countByMember(memberId)]);
    return { limit: premium ? PHOTO_QUOTA.premium : PHOTO_QUOTA.member, used, premium };
  }

  /**
   * Decodes and stores a photo that another feature attaches (a community topic's), through the
   * same budget and decode rules as every upload; its visibility is that feature's (`readAttached`).
   */
  async addAttached(memberId: number, bytes: Uint8Array): Promise<number> {
    const img = await this.decode(memberId, bytes);
    return this.store.photos.insert({ memberId, width: img.width, height: img.height, data: img.jpeg, createdAt: this.clock.now() });
  }

  /**
   * Decodes a photo through the same budget and probe as every upload, without storing it: for
   * features that store it together with what it belongs to, in their own transaction (mail posts).
   */
  prepare(memberId: number, bytes: Uint8Array): Promise<{ jpeg: Buffer; width: number; height: number }> {
    return this.decode(memberId, bytes);
  }

  async find(photoId: number) {
    return this.store.photos.find(photoId);
  }

  private async decode(memberId: number, bytes: Uint8Array) {
    if (bytes.length === 0) throw new DomainError('invalid_input', { photo: '写真を選んでください' });
    if (bytes.length > PHOTO_MAX_BYTES) throw new DomainError('invalid_input', { photo: `写真は${PHOTO_MAX_BYTES / 1024 / 1024}MBまでです` });
    // Every stored photo passes here (profile, diary, albums, communities, mail posts): the quota
    // is checked before the costly decode.
    const q = await this.quota(memberId);
    if (q.used >= q.limit) {
      throw new DomainError('invalid_input', {
        photo: q.premium
          ? `保存できる写真は${q.limit.toLocaleString('en')}枚までです(いま${q.used.toLocaleString('en')}枚)。古い写真を削除してからお送りください`
          : `保存できる写真は${q.limit}枚までです(いま${q.used}枚)。古い写真を削除するか、プレミアム(月額315円)なら${PHOTO_QUOTA.premium.toLocaleString('en')}枚まで保存できます`,
      });
    }
    if (this.limiter && !(await this.limiter.reserve([{ key: `photo:member:${memberId}`, ...LIMITS.photoUploads }]))) throw new DomainError('rate_limited');
    try {
      return await this.codec.normalize(bytes, PHOTO_MAX_SIDE);
    } catch (e) {
      throw new DomainError('invalid_input', { photo: e instanceof ImageRefused ? REFUSALS[e.reason] : UNREADABLE });
    }
  }

  /** Adds a photo to one's own diary entry (at most PHOTOS_PER_ENTRY). */
  async addToEntry(memberId: number, entryId: number, bytes: Uint8Array): Promise<number> {
    const entry = await this.readEntry(memberId, entryId);
    if (entry.memberId !== memberId) throw new DomainError('not_found');
    if ((await this.store.photos.forEntry(entryId)).length >= PHOTOS_PER_ENTRY) throw new DomainError('invalid_input', { photo: `写真は${PHOTOS_PER_ENTRY}枚までです` });
    const img = await this.decode(memberId, bytes);
    return this.store.photos.insert({ memberId, entryId, width: img.width, height: img.height, data: img.jpeg, createdAt: this.clock.now() });
  }

  async forEntry(entryId: number) {
    return this.store.photos.forEntry(entryId);
  }

  async setProfilePhoto(memberId: number, bytes: Uint8Array): Promise<number> {
    const img = await this.decode(memberId, bytes);
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
      const id = await tx.photos.insert({ memberId, width: img.width, height: img.height, data: img.jpeg, createdAt: now });
      const profile = (await tx.profiles.find(memberId)) ?? null;
      const base = profile ?? { memberId, photoId: null, gender: 'none' as const, showAge: false, area: '', intro: '', searchOptOut: false, defaultVisibility: 'friends' as const, topSections: ['friend-diaries', 'footprints', 'comments', 'communities', 'echo', 'albums'] as const };
      if (profile?.photoId) await tx.photos.delete(profile.photoId);
      await tx.profiles.upsert({ ...base, topSections: [...base.topSections], photoId: id }, now);
      return id;
    });
  }

  async removeProfilePhoto(memberId: number): Promise<void> {
    const profile = await this.store.profiles.find(memberId);
    if (!profile?.photoId) return;
    await this.store.transaction(async (tx) => {
      await tx.photos.delete(profile.photoId!);
      await tx.profiles.upsert({ ...profile, photoId: null }, this.clock.now());
    });
  }

  /** JPEG bytes of a photo at a served width, for a viewer who may see its owner. */
  async variant(viewerId: number | null, photoId: number, width: number): Promise<Buffer> {
    const photo = await this.store.photos.find(photoId);
    if (!photo || !(PHOTO_WIDTHS as readonly number[]).includes(width)) throw new DomainError('not_found');
    // A diary photo is exactly as visible as its entry; a profile photo as its owner's profile
    // (members only, never across a block).
    if (photo.entryId !== null) await this.readEntry(viewerId, photo.entryId);
    else if (!(await this.readAttached(viewerId, photo.id))) await this.gate.require(viewerId, photo.memberId, MEMBER_PAGES);
    const cached = await this.store.photos.variant(photoId, width);
    if (cached) return cached;
    const original = await this.store.photos.original(photoId);
    if (!original) throw new DomainError('not_found');
    const out = width >= photo.width ? original : await this.codec.resize(original, width);
    await this.store.photos.putVariant(photoId, width, out);
    return out;
  }

  /**
   * The photo for one handset: at most `width` wide, GIF when it takes no JPEG, and no larger
   * than its byte budget (the next smaller width until it fits). Each variant is made once and
   * cached. The same reading rules as `variant`.
   */
  async variantFor(viewerId: number | null, photoId: number, width: number, fit: ImageFit): Promise<{ bytes: Buffer; type: 'image/jpeg' | 'image/gif' }> {
    if (!(PHOTO_WIDTHS as readonly number[]).includes(width)) throw new DomainError('not_found');
    const widths = PHOTO_WIDTHS.filter((w) => w <= width).reverse();
    let last: Buffer | null = null;
    for (const w of widths) {
      const jpeg = await this.variant(viewerId, photoId, w);
      last = fit.gif ? await this.gifOf(photoId, w, jpeg) : jpeg;
      if (last.length <= fit.maxBytes) break;
    }
    return { bytes: last!, type: fit.gif ? 'image/gif' : 'image/jpeg' };
  }

  private async gifOf(photoId: number, width: number, jpeg: Buffer): Promise<Buffer> {
    const cached = await this.store.photos.variant(photoId, GIF_KEY + width);
    if (cached) return cached;
    if (!this.codec.toGif) throw new DomainError('not_found');
    const gif = await this.codec.toGif(jpeg, width);
    await this.store.photos.putVariant(photoId, GIF_KEY + width, gif);
    return gif;
  }

  /** The width a handset should get inline: its half screen, or none when its pages are tiny. */
  static inlineWidth(screenWidth: number, maxPageBytes: number): number | null {
    if (maxPageBytes < 12 * 1024) return null;
    return [...PHOTO_WIDTHS].reverse().find((w) => w <= screenWidth / 2) ?? PHOTO_WIDTHS[0];
  }
}
