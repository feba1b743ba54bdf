/** What mixi Collection (skins) needs from the outside world; db/ implements it. */
import type { UnitOfWork } from '../ports.js';
import type { PointsTx } from '../course/ports.js';

/** free: anyone takes it; points: bought from the ledger; campaign: free while its campaign runs. */
export type SkinKind = 'free' | 'points' | 'campaign';
/** The member pages a skin dresses. */
export type SkinArea = 'profile' | 'diary' | 'album';
export const SKIN_AREAS: readonly SkinArea[] = ['profile', 'diary', 'album'];
export type SkinImageSlot = 'header' | 'background';

/** One design in the catalogue: colours, pictogram accents, and optional header/background images. */
export interface Skin {
  id: number;
  name: string;
  description: string;
  kind: SkinKind;
  pricePoints: number;
  /** The advertising campaign that brands it (core/ads), and the sponsor's name shown with it. */
  campaignId: number | null;
  sponsor: string | null;
  /** #RRGGBB */
  bgColor: string;
  textColor: string;
  linkColor: string;
  /** Pictograms (stored form) shown beside the page title. */
  accent: string;
  /** Offered from / until (epoch ms); null: always. */
  availableFrom: number | null;
  availableUntil: number | null;
  /** Which image slots it has. */
  images: SkinImageSlot[];
  createdAt: number;
}

export interface SkinImage {
  skinId: number;
  slot: SkinImageSlot;
  width: number;
  height: number;
  /** JPEG, as the photo codec normalised it. */
  data: Buffer;
}

export interface SkinRepository {
  insert(s: Omit<Skin, 'id' | 'images'>): Promise<number>;
  putImage(img: SkinImage): Promise<void>;
  find(id: number): Promise<Skin | null>;
  list(): Promise<Skin[]>;
  image(skinId: number, slot: SkinImageSlot): Promise<SkinImage | null>;
}

export interface SkinOwnership {
  memberId: number;
  skinId: number;
  /** The ledger ref the purchase spent under (empty for free designs). */
  ref: string;
  acquiredAt: number;
}

export interface SkinOwnerRepository {
  /** false when the member already owns it (the primary key decides, so two racing requests add one row). */
  add(o: SkinOwnership): Promise<boolean>;
  owns(memberId: number, skinId: number): Promise<boolean>;
  owned(memberId: number): Promise<SkinOwnership[]>;
  /** Puts a skin on one of the member's page areas (replacing what was there). */
  apply(memberId: number, area: SkinArea, skinId: number, now: number): Promise<void>;
  remove(memberId: number, area: SkinArea): Promise<void>;
  /** area → skin id for the member's dressed areas. */
  applied(memberId: number): Promise<Map<SkinArea, number>>;
}

/** What a purchase writes together: the ownership row and the ledger. */
export type CollectionTx = PointsTx & { skinOwners: SkinOwnerRepository };

export interface CollectionStore extends UnitOfWork<CollectionTx> {
  skins: SkinRepository;
  skinOwners: SkinOwnerRepository;
}
