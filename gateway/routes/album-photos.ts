import type { Context } from 'hono';
import { ALBUM_PHOTOS_MAX } from '../../core/albums/service.js';
import { PHOTO_WIDTHS } from '../../core/photos/service.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { skinned } from '../skin-view.js';
import { handleForm } from '../forms.js';
import { albumPhotoPage, albumUploadPage } from '../../templates/pages/albums.js';
import type { Page } from '../../templates/layout.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId, viewerId, who } from './shared.js';

const NO_FILE = new Uint8Array(0);

/** One album photo at the handset's screen width (its own page: the photo is the content). */
async function photoPage(c: Context<AppEnv>, s: Services, albumId: number, photoId: number, draft: { commentValue?: string; commentError?: string } = {}): Promise<Page> {
  const me = viewerId(c);
  const { album, photo, comments } = await s.albums.photo(me, albumId, photoId);
  const rec = await s.photos.find(photoId);
  const device = c.get('device');
  const width = [...PHOTO_WIDTHS].reverse().find((w) => w <= device.screenWidth) ?? PHOTO_WIDTHS[0];
  const shownW = Math.min(width, rec?.width ?? width);
  const shown = { src: `/photos/${photoId}/${width}`, width: shownW, height: rec ? Math.round((rec.height * shownW) / rec.width) : shownW, inline: device.maxPageBytes >= 12 * 1024 };
  const names = await s.access.names(me, comments.map((x) => x.authorId));
  return skinned(c, s, album.memberId, 'album', albumPhotoPage({
    albumId: album.id,
    albumTitle: album.title,
    photoId,
    caption: photo.caption,
    shown,
    isCover: album.coverPhotoId === photoId,
    mine: me === album.memberId,
    me,
    comments: comments.filter((x) => names.has(x.authorId)).map((x) => ({ id: x.id, author: who(names, x.authorId), body: x.body, createdAt: x.createdAt, canDelete: me === x.authorId || me === album.memberId })),
    ...draft,
  }));
}

/** Album photos: uploading (multipart), the photo page with comments, caption, cover, deleting. */
export function albumPhotoRoutes(s: Services): Feature {
  const f = feature({
    auth: 'member',
    guestPaths: ['/albums/:id/photos/:photo{[0-9]+}'],
    uploads: [/^\/albums\/\d{1,12}\/photos\/new$/],
  });
  const count = async (c: Context<AppEnv>, id: number) => (await s.albums.own(memberId(c), id)).photoCount;

  f.get('/albums/:id/photos/new', async (c) => {
    const id = idParam(c, 'id');
    return sendPage(c, albumUploadPage({ albumId: id, count: await count(c, id), max: ALBUM_PHOTOS_MAX }));
  });
  f.post('/albums/:id/photos/new', (c) => {
    const id = idParam(c, 'id');
    const caption = c.get('form').get('caption') ?? '';
    return handleForm(c, {
      act: () => s.albums.addPhoto(memberId(c), id, c.get('uploads').get('photo') ?? NO_FILE, caption),
      redirect: (photoId) => `/albums/${id}/photos/${photoId}`,
      rerender: async (r) => albumUploadPage({ albumId: id, count: await count(c, id), max: ALBUM_PHOTOS_MAX, caption, error: r.message }),
    });
  });

  f.get('/albums/:id/photos/:photo{[0-9]+}', async (c) => sendPage(c, await photoPage(c, s, idParam(c, 'id'), idParam(c, 'photo'))));

  const own = (op: (me: number, album: number, photo: number, c: Context<AppEnv>) => Promise<unknown>) => async (c: Context<AppEnv>) => {
    const [album, photo] = [idParam(c, 'id'), idParam(c, 'photo')];
    await op(memberId(c), album, photo, c);
    return redirectTo(c, `/albums/${album}/photos/${photo}`);
  };
  f.post('/albums/:id/photos/:photo/cover', own((me, a, p) => s.albums.setCover(me, a, p)));
  f.post('/albums/:id/photos/:photo/caption', (c) => {
    const [album, photo] = [idParam(c, 'id'), idParam(c, 'photo')];
    return handleForm(c, {
      act: () => s.albums.setCaption(memberId(c), album, photo, c.get('form').get('caption') ?? ''),
      redirect: () => `/albums/${album}/photos/${photo}`,
      rerender: (r) => photoPage(c, s, album, photo, { commentError: r.message }),
    });
  });
  f.post('/albums/:id/photos/:photo/delete', async (c) => {
    const album = idParam(c, 'id');
    await s.albums.deletePhoto(memberId(c), album, idParam(c, 'photo'));
    return redirectTo(c, `/albums/${album}`);
  });
  f.post('/albums/:id/photos/:photo/comments', (c) => {
    const [album, photo] = [idParam(c, 'id'), idParam(c, 'photo')];
    const body = c.get('form').get('body') ?? '';
    return handleForm(c, {
      act: () => s.albums.comment(memberId(c), album, photo, body),
      redirect: () => `/albums/${album}/photos/${photo}`,
      rerender: (r) => photoPage(c, s, album, photo, { commentValue: body, commentError: r.message }),
    });
  });
  f.post('/albums/:id/photos/:photo/comments/:comment/delete', async (c) => {
    const [album, photo] = [idParam(c, 'id'), idParam(c, 'photo')];
    await s.albums.deleteComment(memberId(c), album, idParam(c, 'comment'));
    return redirectTo(c, `/albums/${album}/photos/${photo}`);
  });

  return f;
}
