import type { Context } from 'hono';
import { PREFECTURES } from '../../core/profiles/service.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { skinned } from '../skin-view.js';
import { handleForm } from '../forms.js';
import { photoView } from '../photo-view.js';
import { profileFormPage, profilePage } from '../../templates/pages/profile.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId, reading, viewerId } from './shared.js';

/** The profile settings form as typed. */
function profileValues(c: Context<AppEnv>) {
  const f = c.get('form');
  return {
    gender: f.get('gender') ?? 'none',
    showAge: f.get('showAge') === '1',
    area: f.get('area') ?? '',
    intro: f.get('intro') ?? '',
    searchOptOut: f.get('searchOptOut') === '1',
    defaultVisibility: f.get('defaultVisibility') ?? 'friends',
    topSections: f.getAll('topSections'),
  };
}

/** A member's profile page (a visit leaves a footprint) and the member's own profile settings. */
export function profileRoutes(s: Services): Feature {
  // Profiles are for members (as on mixi): a guest is asked to sign in, whatever the id.
  const f = feature({ auth: 'member' });

  f.get('/members/:id', async (c) => {
    const viewer = viewerId(c);
    // With a block either way, neither finds the other's profile (the blocker unblocks from /blocks).
    const r = reading(c, s);
    const view = await r.profiles.view(viewer, idParam(c, 'id'));
    const m = view.member;
    await r.footprints.record(viewer, m.id);
    return sendPage(
      c,
      await skinned(c, r, m.id, 'profile', profilePage({
        photo: view.photo ? photoView(c.get('device'), view.photo) : null,
        member: m,
        gender: view.profile.gender,
        age: view.age,
        area: view.profile.area,
        intro: view.profile.intro,
        endorsements: view.endorsements.map((e) => ({ author: { id: e.authorId, nickname: e.authorName }, body: e.body, createdAt: e.createdAt, removable: viewer === m.id || viewer === e.authorId })),
        friendsCount: view.friendsCount,
        isSelf: viewer === m.id,
        signedIn: viewer !== null,
        isFriend: view.isFriend,
        requestPending: viewer !== null && viewer !== m.id && !view.isFriend && (await r.friends.requested(viewer, m.id)),
        blocked: false,
        bookmarked: view.bookmarked,
      })),
    );
  });

  f.get('/settings/profile', async (c) => sendPage(c, profileFormPage({ values: await s.profiles.get(memberId(c)), prefectures: PREFECTURES })));
  f.post('/settings/profile', (c) => {
    const values = profileValues(c);
    return handleForm(c, {
      act: async () => {
        await s.profiles.update(memberId(c), values);
        return sendPage(c, profileFormPage({ values, prefectures: PREFECTURES, notice: '保存しました。' }));
      },
      rerender: (r) => profileFormPage({ values, prefectures: PREFECTURES, errors: r.fields }),
    });
  });

  return f;
}
