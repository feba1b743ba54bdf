/** What the photos feature needs from the outside world; db/ implements it. */

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
  find(id: number): Promise<PhotoRecord | null>;
  original(id: number): Promise<Buffer | null>;
  variant(id: number, width: number): Promise<Buffer | null>;
  putVariant(id: number, width: number, data: Buffer): Promise<void>;
  delete(id: number): Promise<void>;
}
