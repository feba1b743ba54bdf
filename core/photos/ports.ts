/** What the photos feature needs from the outside world; db/ implements it. */
import type { UnitOfWork } from '../ports.js';
import type { ProfileRepository } from '../profiles/ports.js';

export interface PhotoRecord {
  id: number;
  memberId: number;
  /** Set for diary photos: who may see the entry may see the photo. */
  entryId: number | null;
  width: number;
  height: number;
}

export interface PhotoRepository {
  insert(p: { memberId: number; entryId?: number | null; width: number; height: number; data: Buffer; createdAt: number }): Promise<number>;
  forEntry(entryId: number): Promise<PhotoRecord[]>;
  /** Photos a member has stored, wherever they hang (profile, diary, albums, communities). */
  countByMember(memberId: number): Promise<number>;
  find(id: number): Promise<PhotoRecord | null>;
  original(id: number): Promise<Buffer | null>;
  variant(id: number, width: number): Promise<Buffer | null>;
  putVariant(id: number, width: number, data: Buffer): Promise<void>;
  delete(id: number): Promise<void>;
}

/** PhotoService's slice of the store: a photo and the profile naming it change together. */
export interface PhotoStore extends UnitOfWork<{ photos: PhotoRepository; profiles: ProfileRepository }> {
  photos: PhotoRepository;
  profiles: ProfileRepository;
}
