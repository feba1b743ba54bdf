import type { Selectable } from 'kysely';
import type { Album, AlbumComment, AlbumPhoto, AlbumRepository } from '../../core/albums/ports.js';
import type { Visibility } from '../../core/diary/ports.js';
import type { AlbumCommentsTable, AlbumPhotosTable, AlbumsTable } from '../schema.js';
import { compiledOnce, type Db, except, firstOrNull, insertedId, num } from '../util.js';

const toAlbum = (r: Selectable<AlbumsTable>): Album => ({
  id: num(r.id),
  memberId: num(r.member_id),
  title: r.title,
  description: r.description,
  visibility: r.visibility as Visibility,
  coverPhotoId: r.cover_photo_id === null ? null : num(r.cover_photo_id),
  photoCount: num(r.photo_count),
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
});
const toPhoto = (r: Selectable<AlbumPhotosTable>): AlbumPhoto => ({ photoId: num(r.photo_id), albumId: num(r.album_id), caption: r.caption, createdAt: num(r.created_at) });
const toComment = (r: Selectable<AlbumCommentsTable>): AlbumComment => ({ id: num(r.id), photoId: num(r.photo_id), authorId: num(r.author_id), body: r.body, createdAt: num(r.created_at) });

export function albums(db: Db): AlbumRepository {
  const byFriendsOfQ = compiledOnce(db, (memberId: number, excluding: number[], since: number, limit: number) => {
    const friends = db.selectFrom('friendships').select('friend_id').where('member_id', '=', memberId);
    return db
      .selectFrom('albums')
      .selectAll()
      .where('member_id', 'in', friends)
      .where('member_id', 'not in', except(excluding))
      .where('updated_at', '>', since)
      .where('photo_count', '>', 0)
      .orderBy('updated_at', 'desc')
      .limit(limit);
  });
  return {
    async insert(a) {
      return insertedId(
        db.insertInto('albums').values({ member_id: a.memberId, title: a.title, description: a.description, visibility: a.visibility, cover_photo_id: a.coverPhotoId, photo_count: a.photoCount, created_at: a.createdAt, updated_at: a.updatedAt }),
      );
    },
    find: (id) => firstOrNull(db.selectFrom('albums').selectAll().where('id', '=', id), toAlbum),
    async update(id, p) {
      const set: Partial<Selectable<AlbumsTable>> = {};
      if (p.title !== undefined) set.title = p.title;
      if (p.description !== undefined) set.description = p.description;
      if (p.visibility !== undefined) set.visibility = p.visibility;
      if (p.coverPhotoId !== undefined) set.cover_photo_id = p.coverPhotoId;
      if (p.photoCount !== undefined) set.photo_count = p.photoCount;
      if (p.updatedAt !== undefined) set.updated_at = p.updatedAt;
      await db.updateTable('albums').set(set).where('id', '=', id).execute();
    },
    async delete(id) {
      await db.deleteFrom('albums').where('id', '=', id).execute();
    },
    async byMember(memberId, visible, limit, offset) {
      const rows = await db.selectFrom('albums').selectAll().where('member_id', '=', memberId).where('visibility', 'in', [...visible]).orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
      return rows.map(toAlbum);
    },
    async recentlyUpdated(memberIds, since, limit) {
      if (memberIds.length === 0) return [];
      const rows = await db.selectFrom('albums').selectAll().where('member_id', 'in', [...memberIds]).where('updated_at', '>', since).where('photo_count', '>', 0).orderBy('updated_at', 'desc').limit(limit).execute();
      return rows.map(toAlbum);
    },
    async recentlyUpdatedByFriendsOf(memberId, excluding, since, limit) {
      const rows = await byFriendsOfQ(memberId, [...excluding], since, limit);
      return rows.map(toAlbum);
    },
    photo: (photoId) => firstOrNull(db.selectFrom('album_photos').selectAll().where('photo_id', '=', photoId), toPhoto),
    async photos(albumId, limit, offset) {
      return (await db.selectFrom('album_photos').selectAll().where('album_id', '=', albumId).orderBy('created_at', 'asc').orderBy('photo_id', 'asc').limit(limit).offset(offset).execute()).map(toPhoto);
    },
    async addPhoto(p) {
      await db.insertInto('album_photos').values({ photo_id: p.photoId, album_id: p.albumId, caption: p.caption, created_at: p.createdAt }).execute();
    },
    async setCaption(photoId, caption) {
      await db.updateTable('album_photos').set({ caption }).where('photo_id', '=', photoId).execute();
    },
    async removePhoto(photoId) {
      await db.deleteFrom('album_photos').where('photo_id', '=', photoId).execute();
    },
    async comments(photoId) {
      return (await db.selectFrom('album_comments').selectAll().where('photo_id', '=', photoId).orderBy('created_at', 'asc').orderBy('id', 'asc').limit(200).execute()).map(toComment);
    },
    async addComment(c) {
      return insertedId(db.insertInto('album_comments').values({ photo_id: c.photoId, author_id: c.authorId, body: c.body, created_at: c.createdAt }));
    },
    findComment: (id) => firstOrNull(db.selectFrom('album_comments').selectAll().where('id', '=', id), toComment),
    async deleteComment(id) {
      await db.deleteFrom('album_comments').where('id', '=', id).execute();
    },
    async deleteCommentsOf(photoId) {
      await db.deleteFrom('album_comments').where('photo_id', '=', photoId).execute();
    },
    async countCommentsSince(authorId, since) {
      const r = await db.selectFrom('album_comments').select((eb) => eb.fn.countAll().as('n')).where('author_id', '=', authorId).where('created_at', '>', since).executeTakeFirstOrThrow();
      return num(r.n);
    },
  };
}
