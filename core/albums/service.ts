import { z } from 'zod';
import { DomainError } from '../errors.js';
import { visibleLevels, type AccessGate } from '../access.js';
import type { Clock } from '../ports.js';
import type { Member } from '../members/ports.js';
import { VISIBILITIES } from '../diary/ports.js';
import { checkRate, memberText, parseOrInvalid, textField } from '../validate.js';
import type { Album, AlbumComment, AlbumPhoto, AlbumStore } from './ports.js';
import { OPEN_SCREEN, type ContentScreen } from '../staff/screen.js';

export const ALBUM_TITLE_MAX = 50;
export const ALBUM_DESCRIPTION_MAX = 1000;
export const CAPTION_MAX = 100;
export const ALBUM_COMMENT_MAX = 1000;
export const ALBUM_PHOTOS_MAX = 100;
export const ALBUM_PAGE_SIZE = 10;
/** Photos per album page: thumbnails, a handful fit a small handset's page. */
export const ALBUM_PHOTO_PAGE = 6;
/** Friends' albums updated within this long show on the top page. */
/** How long an album counts as updated on friends' top pages. */
export const RECENT_MS = 14 * 24 * 3600_000;

const albumInput = z.object({
  title: textField('タイトル', 1, ALBUM_TITLE_MAX, false),
  description: textField('説明', 0, ALBUM_DESCRIPTION_MAX),
  visibility: z.enum(VISIBILITIES, { message: '公開範囲を選んでください' }),
});

export interface AlbumInput {
  title: string;
  description: string;
  visibility: string;
}

type Prepared = { jpeg: Buffer; width: number; height: number };

/**
 * Photo albums: visible like diaries (through the one access gate); photos decoded by the photo
 * service (probe, budget) and stored in the one photo store, in the same transaction as their row.
 */
export class AlbumService {
  constructor(
    private readonly store: AlbumStore,
    private readonly clock: Clock,
    private readonly gate: AccessGate,
    private readonly prepare: (memberId: number, bytes: Uint8Array) => Promise<Prepared>,
    /** The NG-word screen (core/staff/screen.ts): photo comments cannot be held, so refused. */
    private readonly screen: Pick<ContentScreen, 'refuseAny'> = OPEN_SCREEN,
  ) {}

  async create(memberId: number, input: AlbumInput): Promise<number> {
    const d = parseOrInvalid(albumInput, input);
    const now = this.clock.now();
    return this.store.albums.insert({ memberId, ...d, coverPhotoId: null, photoCount: 0, createdAt: now, updatedAt: now });
  }

  async edit(memberId: number, albumId: number, input: AlbumInput): Promise<void> {
    await this.own(memberId, albumId);
    await this.store.albums.update(albumId, parseOrInvalid(albumInput, input));
  }

  /** The owner deletes an album with its photos and their comments, at once. */
  async delete(memberId: number, albumId: number): Promise<void> {
    await this.own(memberId, albumId);
    await this.store.transaction(async (tx) => {
      for (let list = await tx.albums.photos(albumId, 200, 0); list.length; list = await tx.albums.photos(albumId, 200, 0)) {
        for (const p of list) {
          await tx.albums.deleteCommentsOf(p.photoId);
          await tx.albums.removePhoto(p.photoId);
          await tx.photos.delete(p.photoId);
        }
      }
      await tx.albums.delete(albumId);
    });
  }

  /** One's own album (not_found for anyone else's). */
  async own(memberId: number, albumId: number): Promise<Album> {
    const a = Number.isSafeInteger(albumId) ? await this.store.albums.find(albumId) : null;
    if (!a || a.memberId !== memberId) throw new DomainError('not_found');
    return a;
  }

  /** An album the viewer may see (as a diary entry of that visibility); not_found otherwise. */
  async read(viewerId: number | null, albumId: number): Promise<Album> {
    const a = Number.isSafeInteger(albumId) ? await this.store.albums.find(albumId) : null;
    if (!a) throw new DomainError('not_found');
    await this.gate.require(viewerId, a.memberId, a.visibility);
    return a;
  }

  async page(viewerId: number | null, albumId: number, page: number): Promise<{ album: Album; photos: AlbumPhoto[] }> {
    const album = await this.read(viewerId, albumId);
    return { album, photos: await this.store.albums.photos(album.id, ALBUM_PHOTO_PAGE, (Math.max(page, 1) - 1) * ALBUM_PHOTO_PAGE) };
  }

  /** A member's albums at the viewer's levels (members only; never across a block). */
  async listing(viewerId: number | null, ownerId: number, page: number): Promise<{ owner: Member; albums: Album[] }> {
    const { member: owner, relation } = await this.gate.owner(viewerId, ownerId);
    return { owner, albums: await this.store.albums.byMember(owner.id, visibleLevels(relation), ALBUM_PAGE_SIZE, (Math.max(page, 1) - 1) * ALBUM_PAGE_SIZE) };
  }

  /** Adds a photo (decoded and budgeted first) with its caption; the first becomes the cover. */
  async addPhoto(memberId: number, albumId: number, bytes: Uint8Array, rawCaption: string): Promise<number> {
    const album = await this.own(memberId, albumId);
    const caption = memberText('caption', 'コメント', rawCaption, 0, CAPTION_MAX, false);
    if (album.photoCount >= ALBUM_PHOTOS_MAX) throw new DomainError('invalid_input', { photo: `1つのアルバムに写真は${ALBUM_PHOTOS_MAX}枚までです` });
    const img = await this.prepare(memberId, bytes);
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
      const current = (await tx.albums.find(albumId))!;
      const photoId = await tx.photos.insert({ memberId, width: img.width, height: img.height, data: img.jpeg, createdAt: now });
      await tx.albums.addPhoto({ photoId, albumId, caption, createdAt: now });
      await tx.albums.update(albumId, { photoCount: current.photoCount + 1, coverPhotoId: current.coverPhotoId ?? photoId, updatedAt: now });
      return photoId;
    });
  }

  /** Photos mailed to an album: each decoded first, then all stored in one transaction (or none). */
  async addPhotos(memberId: number, albumId: number, images: readonly Uint8Array[], caption: string): Promise<number[]> {
    const album = await this.own(memberId, albumId);
    if (album.photoCount + images.length > ALBUM_PHOTOS_MAX) throw new DomainError('invalid_input', { photo: `1つのアルバムに写真は${ALBUM_PHOTOS_MAX}枚までです` });
    const prepared: Prepared[] = [];
    for (const bytes of images) prepared.push(await this.prepare(memberId, bytes));
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
      const current = (await tx.albums.find(albumId))!;
      const ids: number[] = [];
      for (const img of prepared) {
        const photoId = await tx.photos.insert({ memberId, width: img.width, height: img.height, data: img.jpeg, createdAt: now });
        await tx.albums.addPhoto({ photoId, albumId, caption, createdAt: now });
        ids.push(photoId);
      }
      await tx.albums.update(albumId, { photoCount: current.photoCount + ids.length, coverPhotoId: current.coverPhotoId ?? ids[0]!, updatedAt: now });
      return ids;
    });
  }

  /** A photo of an album the viewer may see, with its album and comments (names come through the gate). */
  async photo(viewerId: number | null, albumId: number, photoId: number): Promise<{ album: Album; photo: AlbumPhoto; comments: AlbumComment[] }> {
    const p = Number.isSafeInteger(photoId) ? await this.store.albums.photo(photoId) : null;
    if (!p || p.albumId !== albumId) throw new DomainError('not_found');
    const album = await this.read(viewerId, albumId);
    const comments = viewerId === null ? [] : await this.gate.withoutHidden(viewerId, await this.store.albums.comments(photoId), (c) => c.authorId);
    return { album, photo: p, comments };
  }

  /** For the photo service: true when the photo is an album's and the viewer may see it; throws not_found when they may not. */
  async photoReadable(viewerId: number | null, photoId: number): Promise<boolean> {
    const p = await this.store.albums.photo(photoId);
    if (!p) return false;
    await this.read(viewerId, p.albumId);
    return true;
  }

  async setCaption(memberId: number, albumId: number, photoId: number, raw: string): Promise<void> {
    await this.ownPhoto(memberId, albumId, photoId);
    await this.store.albums.setCaption(photoId, memberText('caption', 'コメント', raw, 0, CAPTION_MAX, false));
  }

  async setCover(memberId: number, albumId: number, photoId: number): Promise<void> {
    await this.ownPhoto(memberId, albumId, photoId);
    await this.store.albums.update(albumId, { coverPhotoId: photoId });
  }

  async deletePhoto(memberId: number, albumId: number, photoId: number): Promise<void> {
    const album = await this.ownPhoto(memberId, albumId, photoId);
    await this.store.transaction(async (tx) => {
      await tx.albums.deleteCommentsOf(photoId);
      await tx.albums.removePhoto(photoId);
      await tx.photos.delete(photoId);
      const next = album.coverPhotoId === photoId ? ((await tx.albums.photos(albumId, 1, 0))[0]?.photoId ?? null) : album.coverPhotoId;
      await tx.albums.update(albumId, { photoCount: Math.max(album.photoCount - 1, 0), coverPhotoId: next });
    });
  }

  /** A comment on a photo the member may see (20 per 10 minutes, as diary comments). */
  async comment(memberId: number, albumId: number, photoId: number, raw: string): Promise<number> {
    await this.photo(memberId, albumId, photoId);
    const body = memberText('body', 'コメント', raw, 1, ALBUM_COMMENT_MAX);
    await this.screen.refuseAny('body', body);
    checkRate(await this.store.albums.countCommentsSince(memberId, this.clock.now() - 10 * 60_000), 20);
    return this.store.albums.addComment({ photoId, authorId: memberId, body, createdAt: this.clock.now() });
  }

  /** The commenter or the album's owner deletes a comment. */
  async deleteComment(memberId: number, albumId: number, commentId: number): Promise<void> {
    const c = Number.isSafeInteger(commentId) ? await this.store.albums.findComment(commentId) : null;
    const p = c ? await this.store.albums.photo(c.photoId) : null;
    const album = p && p.albumId === albumId ? await this.store.albums.find(albumId) : null;
    if (!c || !album || (c.authorId !== memberId && album.memberId !== memberId)) throw new DomainError('not_found');
    await this.store.albums.deleteComment(commentId);
  }

  /** Friends' albums with new photos (one indexed query over the friends, then the gate). */
  async friendsUpdated(viewerId: number, limit = 3): Promise<Album[]> {
    const v = this.gate.viewer(viewerId);
    const hidden = await v.hidden();
    const recent = await this.store.albums.recentlyUpdatedByFriendsOf(viewerId, [...hidden], this.clock.now() - RECENT_MS, limit * 3);
    return (await v.filterVisible(recent, (a) => a.memberId, (a) => a.visibility)).slice(0, limit);
  }

  private async ownPhoto(memberId: number, albumId: number, photoId: number): Promise<Album> {
    const album = await this.own(memberId, albumId);
    const p = Number.isSafeInteger(photoId) ? await this.store.albums.photo(photoId) : null;
    if (!p || p.albumId !== album.id) throw new DomainError('not_found');
    return album;
  }
}
