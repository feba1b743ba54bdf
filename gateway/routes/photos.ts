import { PHOTOS_PER_ENTRY } from '../../core/photos/service.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { photoFormPage } from '../../templates/pages/profile.js';
import { diaryPhotoPage } from '../../templates/pages/diary.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId, ownEntry, viewerId } from './shared.js';
import { imageFit } from '../photo-view.js';

/** The one empty upload: a form sent without a file is refused by the photo rules, not here. */
const NO_FILE = new Uint8Array(0);

/** Photos: a member's profile photo, up to three per diary entry, and the sized variants served. */
export function photoRoutes(s: Services): Feature {
  const f = feature({
    auth: 'member',
    // A photo is exactly as visible as what it belongs to (a public entry's, to guests too): the
    // photo service decides, so the variants are open to guests here.
    guestPaths: ['/photos/:id/:width'],
    // The only routes that take a file: their bodies may be 2 MB (every other form 64 KB).
    uploads: [/^\/settings\/photo$/, /^\/diary\/\d{1,12}\/photos$/],
  });
  const hasPhoto = async (id: number) => (await s.profiles.get(id)).photoId !== null;
  const entryPhotoCount = async (entryId: number) => (await s.photos.forEntry(entryId)).length;

  f.get('/settings/photo', async (c) => sendPage(c, photoFormPage(await hasPhoto(memberId(c)))));
  f.post('/settings/photo', (c) =>
    handleForm(c, {
      act: async () => {
        await s.photos.setProfilePhoto(memberId(c), c.get('uploads').get('photo') ?? NO_FILE);
        return sendPage(c, photoFormPage(true, undefined, '写真を登録しました。'));
      },
      rerender: async (r) => photoFormPage(await hasPhoto(memberId(c)), r.message),
    }),
  );
  f.post('/settings/photo/delete', async (c) => {
    await s.photos.removeProfilePhoto(memberId(c));
    return sendPage(c, photoFormPage(false, undefined, '写真を削除しました。'));
  });

  f.get('/photos/:id/:width', async (c) => {
    // The handset asking gets its own variant: GIF where it shows no JPEG, within its byte budget.
    const v = await s.photos.variantFor(viewerId(c), idParam(c, 'id'), idParam(c, 'width'), imageFit(c.get('device')));
    return c.body(v.bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': v.type, 'Cache-Control': 'private, max-age=86400', Vary: 'User-Agent' });
  });

  f.get('/diary/:id/photos', async (c) => {
    const e = await ownEntry(c, s, idParam(c, 'id'));
    return sendPage(c, diaryPhotoPage(e.id, await entryPhotoCount(e.id), PHOTOS_PER_ENTRY));
  });
  f.post('/diary/:id/photos', (c) => {
    const id = idParam(c, 'id');
    return handleForm(c, {
      act: () => s.photos.addToEntry(memberId(c), id, c.get('uploads').get('photo') ?? NO_FILE),
      redirect: () => `/diary/${id}`,
      rerender: async (r) => diaryPhotoPage(id, await entryPhotoCount(id), PHOTOS_PER_ENTRY, r.message),
    });
  });

  return f;
}
