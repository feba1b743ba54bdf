/** What albums need from the outside world; db/ implements it. */
import type { UnitOfWork } from '../ports.js';
import type { Visibility } from '../diary/ports.js';
import type { PhotoRepository } from '../photos/ports.js';

export interface Album {
  id: number;
  memberId: number;
  title: string;
  description: string;
  visibility: Visibility;
  coverPhotoId: number | null;
  photoCount: number;
  createdAt: number;
  updatedAt: number;
}

export interface AlbumPhoto {
  photoId: number;
  albumId: number;
  caption: string;
  createdAt: number;
}

export interface AlbumComment {
  id: number;
  photoId: number;
  authorId: number;
  body: string;
  createdAt: number;
}

export interface AlbumRepository {
  insert(a: Omit<Album, 'id'>): Promise<number>;
  find(id: number): Promise<Album | null>;
  update(id: number, patch: Partial<Pick<Album, 'title' | 'description' | 'visibility' | 'coverPhotoId' | 'photoCount' | 'updatedAt'>>): Promise<void>;
  delete(id: number): Promise<void>;
  /** Newest-updated first, only at these visibilities. */
  byMember(memberId: number, visible: readonly Visibility[], limit: number, offset: number): Promise<Album[]>;
  /** Recently updated albums of these members (one indexed query; the gate filters after). */
  recentlyUpdated(memberIds: readonly number[], since: number, limit: number): Promise<Album[]>;
  /** The same over the member's friends, read inside the query, never anyone in `excluding`. */
  recentlyUpdatedByFriendsOf(memberId: number, excluding: readonly number[], since: number, limit: number): Promise<Album[]>;
  /** The album a photo belongs to, with the photo's row. */
  photo(photoId: number): Promise<AlbumPhoto | null>;
  photos(albumId: number, limit: number, offset: number): Promise<AlbumPhoto[]>;
  addPhoto(p: AlbumPhoto): Promise<void>;
  setCaption(photoId: number, caption: string): Promise<void>;
  removePhoto(photoId: number): Promise<void>;
  comments(photoId: number): Promise<AlbumComment[]>;
  addComment(c: Omit<AlbumComment, 'id'>): Promise<number>;
  findComment(id: number): Promise<AlbumComment | null>;
  deleteComment(id: number): Promise<void>;
  deleteCommentsOf(photoId: number): Promise<void>;
  countCommentsSince(authorId: number, since: number): Promise<number>;
}

/** AlbumService's slice of the store: an album, its photos and their rows change together. */
export interface AlbumStore extends UnitOfWork<{ albums: AlbumRepository; photos: PhotoRepository }> {
  albums: AlbumRepository;
  friendships: { friendsOf(memberId: number): Promise<number[]> };
}
