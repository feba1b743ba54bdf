import { DomainError } from '../errors.js';
import type { Clock } from '../ports.js';
import { spendPoints } from '../course/points.js';
import type { ImageCodec, ImageFit } from '../photos/service.js';
import { SKIN_AREAS, type CollectionStore, type Skin, type SkinArea, type SkinImageSlot } from './ports.js';

/** Widths skin images are served at (a handset gets the widest that fits its screen and budget). */
export const SKIN_WIDTHS = [96, 120, 176, 240, 480] as const;
const COLOR = /^#[0-9a-f]{6}$/i;

export interface CatalogueEntry {
  skin: Skin;
  owned: boolean;
  /** Areas of the member's pages wearing it. */
  appliedTo: SkinArea[];
}

export function isSkinArea(v: string): v is SkinArea {
  return (SKIN_AREAS as readonly string[]).includes(v);
}

/**
 * mixi Collection: the catalogue of designs, buying them with points (through the one ledger,
 * once per member and design), owning, and dressing one's profile, diary and album pages.
 */
export class CollectionService {
  /** Resized images, made once per skin, slot, width and format (the catalogue is small). */
  private readonly variants = new Map<string, Buffer>();

  constructor(
    private readonly store: CollectionStore,
    private readonly codec: ImageCodec,
    private readonly clock: Clock,
  ) {}

  private offered(s: Skin, now: number): boolean {
    return (s.availableFrom === null || s.availableFrom <= now) && (s.availableUntil === null || now < s.availableUntil);
  }

  /** Adds a design (staff, the demo seeder): colours checked, images normalised by the photo codec. */
  async addDesign(d: Omit<Skin, 'id' | 'images' | 'createdAt'>, images: Partial<Record<SkinImageSlot, Uint8Array>> = {}): Promise<number> {
    for (const c of [d.bgColor, d.textColor, d.linkColor]) if (!COLOR.test(c)) throw new DomainError('invalid_input', { color: '色は#RRGGBBで指定してください' });
    if (d.kind === 'points' ? !(Number.isInteger(d.pricePoints) && d.pricePoints > 0) : d.pricePoints !== 0) throw new DomainError('invalid_input', { price: 'ポイント数が正しくありません' });
    const normalised = await Promise.all(Object.entries(images).map(async ([slot, bytes]) => ({ slot: slot as SkinImageSlot, ...(await this.codec.normalize(bytes!, 480)) })));
    const id = await this.store.skins.insert({ ...d, createdAt: this.clock.now() });
    for (const n of normalised) await this.store.skins.putImage({ skinId: id, slot: n.slot, width: n.width, height: n.height, data: n.jpeg });
    return id;
  }

  /** Designs on offer now, and those the member owns (kept after their campaign ends). */
  async catalogue(memberId: number): Promise<CatalogueEntry[]> {
    const now = this.clock.now();
    const [all, owned, applied] = await Promise.all([this.store.skins.list(), this.store.skinOwners.owned(memberId), this.store.skinOwners.applied(memberId)]);
    const mine = new Set(owned.map((o) => o.skinId));
    return all
      .filter((s) => mine.has(s.id) || this.offered(s, now))
      .map((skin) => ({ skin, owned: mine.has(skin.id), appliedTo: SKIN_AREAS.filter((a) => applied.get(a) === skin.id) }));
  }

  /** One design as the member sees it in the catalogue; not_found when not on offer and not theirs. */
  async design(memberId: number, skinId: number): Promise<CatalogueEntry> {
    const e = (await this.catalogue(memberId)).find((x) => x.skin.id === skinId);
    if (!e) throw new DomainError('not_found');
    return e;
  }

  /**
   * Takes a design: free and campaign designs cost nothing; a points design is paid from the
   * ledger in the same transaction as the ownership row, under ref `skin:<member>:<skin>`, so it
   * is paid at most once whatever is retried or raced, and never below zero (insufficient_points,
   * nothing written). 'already' when the member owned it before.
   */
  async acquire(memberId: number, skinId: number): Promise<'acquired' | 'already'> {
    const { skin, owned } = await this.design(memberId, skinId);
    if (owned) return 'already';
    const now = this.clock.now();
    const ref = `skin:${memberId}:${skin.id}`;
    return this.store.transaction(async (tx) => {
      if (!(await tx.skinOwners.add({ memberId, skinId: skin.id, ref: skin.pricePoints > 0 ? ref : '', acquiredAt: now }))) return 'already';
      if (skin.pricePoints > 0 && (await spendPoints(tx, { memberId, amount: skin.pricePoints, ref, note: `デザイン ${skin.name}`, at: now })) === 'already') {
        // The ledger already has this purchase (an ownership row lost otherwise): never pay twice.
        return 'already';
      }
      return 'acquired';
    });
  }

  /** Dresses one area of the member's pages (or `all` of them) with a design they own. */
  async apply(memberId: number, skinId: number, area: string): Promise<void> {
    if (area !== 'all' && !isSkinArea(area)) throw new DomainError('invalid_input', { area: '使う場所を選んでください' });
    if (!(await this.store.skinOwners.owns(memberId, skinId))) throw new DomainError('not_found');
    for (const a of area === 'all' ? SKIN_AREAS : [area as SkinArea]) await this.store.skinOwners.apply(memberId, a, skinId, this.clock.now());
  }

  async remove(memberId: number, area: string): Promise<void> {
    if (!isSkinArea(area)) throw new DomainError('invalid_input', { area: '外す場所を選んでください' });
    await this.store.skinOwners.remove(memberId, area);
  }

  /** The design an owner's area wears, which every visitor of that page sees (null: plain). */
  async worn(ownerId: number, area: SkinArea): Promise<Skin | null> {
    const id = (await this.store.skinOwners.applied(ownerId)).get(area);
    return id === undefined ? null : this.store.skins.find(id);
  }

  /**
   * A skin image at one of SKIN_WIDTHS (never wider than the original) for a handset's fit: GIF
   * where it shows no JPEG, and the next smaller width until the bytes fit its budget.
   */
  async image(skinId: number, slot: SkinImageSlot, width: number, fit: ImageFit): Promise<{ bytes: Buffer; type: 'image/jpeg' | 'image/gif' }> {
    if (!(SKIN_WIDTHS as readonly number[]).includes(width) || (slot !== 'header' && slot !== 'background')) throw new DomainError('not_found');
    const img = await this.store.skins.image(skinId, slot);
    if (!img) throw new DomainError('not_found');
    const type = fit.gif ? 'image/gif' : 'image/jpeg';
    for (const w of SKIN_WIDTHS.filter((x) => x <= width).reverse()) {
      const key = `${skinId}:${slot}:${w}:${type}`;
      let bytes = this.variants.get(key);
      if (!bytes) {
        const at = Math.min(w, img.width);
        if (fit.gif && !this.codec.toGif) throw new DomainError('not_found');
        bytes = fit.gif ? await this.codec.toGif!(img.data, at) : at >= img.width ? img.data : await this.codec.resize(img.data, at);
        if (this.variants.size < 500) this.variants.set(key, bytes);
      }
      if (bytes.length <= fit.maxBytes) return { bytes, type };
    }
    throw new DomainError('not_found');
  }
}
