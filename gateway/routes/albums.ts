import type { Context } from 'hono';
import { ALBUM_PAGE_SIZE, ALBUM_PHOTO_PAGE } from '../../core/albums/service.js';
import type { Album } from '../../core/albums/ports.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { skinned } from '../skin-view.js';
import { handleForm } from '../forms.js';
import { photoView } from '../photo-view.js';
import { albumFormPage, albumListPage, albumPage, type AlbumSummary } from '../../templates/pages/albums.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId, queryInt, viewerId } from './shared.js';

/** A photo by id as this handset shows it (a thumbnail at its inline width). */
export async function shownPhoto(c: Context<AppEnv>, s: Services, photoId: number) {
  const p = await s.photos.find(photoId);
  return p ? photoView(c.get('device'), p) : null;
}

async function summary(c: Context<AppEnv>, s: Services, a: Album): Promise<AlbumSummary> {
  return { id: a.id, title: a.title, photoCount: a.photoCount, updatedAt: a.updatedAt, cover: a.coverPhotoId ? await shownPhoto(c, s, a.coverPhotoId) : null };
}

const values = (c: Context<AppEnv>) => {
  const f = c.get('form');
  return { title: f.get('title') ?? '', description: f.get('description') ?? '', visibility: f.get('visibility') ?? '' };
};

/** Photo albums: a member's list, creating, editing, deleting, and one album's photos. */
export function albumRoutes(s: Services): Feature {
  // An album its owner made public is readable by its own link, as a public diary entry is.
  const f = feature({ auth: 'member', guestPaths: ['/albums/:id{[0-9]+}'] });

  f.get('/members/:id/albums', async (c) => {
    const page = queryInt(c, 'page', 1, 500);
    const l = await s.albums.listing(viewerId(c), idParam(c, 'id'), page);
    const albums = await Promise.all(l.albums.map((a) => summary(c, s, a)));
    return sendPage(c, await skinned(c, s, l.owner.id, 'album', albumListPage({ owner: l.owner, albums, mine: viewerId(c) === l.owner.id, page, more: l.albums.length === ALBUM_PAGE_SIZE })));
  });

  f.get('/albums/new', async (c) => sendPage(c, albumFormPage({ values: { visibility: (await s.profiles.get(memberId(c))).defaultVisibility } })));
  f.post('/albums/new', (c) => {
    const v = values(c);
    return handleForm(c, { act: () => s.albums.create(memberId(c), v), redirect: (id) => `/albums/${id}`, rerender: (r) => albumFormPage({ values: v, errors: r.fields }) });
  });

  f.get('/albums/:id{[0-9]+}', async (c) => {
    const me = viewerId(c);
    const page = queryInt(c, 'page', 1, 100);
    const { album, photos } = await s.albums.page(me, idParam(c, 'id'), page);
    const owner = await s.members.active(album.memberId);
    const shown = await Promise.all(photos.map(async (p) => ({ id: p.photoId, caption: p.caption, shown: (await shownPhoto(c, s, p.photoId))! })));
    const pageTree = albumPage({ album: { ...(await summary(c, s, album)), description: album.description, memberId: album.memberId }, owner: { id: owner.id, nickname: owner.nickname }, photos: shown.filter((p) => p.shown), mine: me === album.memberId, page, more: photos.length === ALBUM_PHOTO_PAGE });
    return sendPage(c, await skinned(c, s, album.memberId, 'album', pageTree));
  });

  f.get('/albums/:id/edit', async (c) => {
    const a = await s.albums.own(memberId(c), idParam(c, 'id'));
    return sendPage(c, albumFormPage({ values: a, albumId: a.id }));
  });
  f.post('/albums/:id/edit', (c) => {
    const id = idParam(c, 'id');
    const v = values(c);
    return handleForm(c, { act: () => s.albums.edit(memberId(c), id, v), redirect: () => `/albums/${id}`, rerender: (r) => albumFormPage({ values: v, errors: r.fields, albumId: id }) });
  });
  f.post('/albums/:id/delete', async (c) => {
    await s.albums.delete(memberId(c), idParam(c, 'id'));
    return redirectTo(c, `/members/${memberId(c)}/albums`);
  });

  return f;
}

