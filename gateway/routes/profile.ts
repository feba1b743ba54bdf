import { Hono, type Context } from 'hono';
import { DomainError, isDomainError } from '../../core/errors.js';
import { PREFECTURES } from '../../core/profiles/service.js';
import { photoView } from '../photo-view.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { requireMember } from '../middleware/session.js';
import { idParam } from './diary.js';
import { who } from './names.js';
import { blogPage, bookmarksPage, endorseFormPage, photoFormPage, profileFormPage, profilePage, reportPage, searchPage } from '../../templates/pages/profile.js';

const REPORT_KINDS = ['member', 'diary', 'comment', 'message'] as const;

/** Profiles and their settings, search, bookmarks, endorsements and reports. */
export function profileRoutes(s: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Profiles are for members (as on mixi): a guest is asked to sign in, whatever the id.
  for (const p of ['/members/:id', '/settings/blog', '/settings/photo', '/settings/photo/*', '/settings/profile', '/search', '/bookmarks', '/members/:id/bookmark', '/members/:id/endorse', '/members/:id/endorsements/*', '/report']) app.use(p, requireMember);
  const me = (c: Context<AppEnv>) => c.get('member')!.id;

  app.get('/members/:id', async (c) => {
    const viewer = c.get('member')?.id ?? null;
    // With a block either way, neither finds the other's profile (the blocker unblocks from /blocks).
    const view = await s.profiles.view(viewer, idParam(c, 'id'));
    const m = view.member;
    await s.footprints.record(viewer, m.id);
    const photo = view.photo ? photoView(c.get('device'), view.photo) : null;
    return sendPage(
      c,
      profilePage({
        photo,
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
        blocked: false,
        bookmarked: view.bookmarked,
      }),
    );
  });

  app.get('/settings/photo', async (c) => sendPage(c, photoFormPage((await s.profiles.get(me(c))).photoId !== null)));
  app.post('/settings/photo', async (c) => {
    try {
      await s.photos.setProfilePhoto(me(c), c.get('uploads').get('photo') ?? new Uint8Array(0));
      return sendPage(c, photoFormPage(true, undefined, '写真を登録しました。'));
    } catch (e) {
      if (isDomainError(e, 'invalid_input')) return sendPage(c, photoFormPage((await s.profiles.get(me(c))).photoId !== null, Object.values(e.fields)[0]), 400);
      throw e;
    }
  });
  app.post('/settings/photo/delete', async (c) => {
    await s.photos.removeProfilePhoto(me(c));
    return sendPage(c, photoFormPage(false, undefined, '写真を削除しました。'));
  });
  app.get('/photos/:id/:width', async (c) => {
    const jpeg = await s.photos.variant(c.get('member')?.id ?? null, idParam(c, 'id'), idParam(c, 'width'));
    return c.body(jpeg as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, max-age=86400' });
  });

  const blog = async (c: Context<AppEnv>, extra: { error?: string; notice?: string; url?: string } = {}, status = 200) => {
    const f = await s.blog.feed(me(c));
    return sendPage(c, blogPage({ url: extra.url ?? f?.url ?? '', lastFetchedAt: f?.lastFetchedAt ?? null, lastError: f?.lastError ?? null, ...extra }), status);
  };
  app.get('/settings/blog', (c) => blog(c));
  app.post('/settings/blog', async (c) => {
    const op = c.get('form').get('op');
    if (op === 'remove') {
      await s.blog.removeFeed(me(c));
      return blog(c, { notice: '登録を解除しました。' });
    }
    if (op === 'import') {
      const added = await s.blog.importNow(me(c));
      return blog(c, { notice: `${added}件の記事を取り込みました。` });
    }
    const url = c.get('form').get('url') ?? '';
    try {
      await s.blog.setFeed(me(c), url);
      return blog(c, { notice: '登録しました。' });
    } catch (e) {
      if (isDomainError(e, 'invalid_input')) return blog(c, { error: Object.values(e.fields)[0], url }, 400);
      throw e;
    }
  });

  const formValues = (c: Context<AppEnv>) => {
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
  };
  app.get('/settings/profile', async (c) => sendPage(c, profileFormPage({ values: await s.profiles.get(me(c)), prefectures: PREFECTURES })));
  app.post('/settings/profile', async (c) => {
    const values = formValues(c);
    try {
      await s.profiles.update(me(c), values);
      return sendPage(c, profileFormPage({ values, prefectures: PREFECTURES, notice: '保存しました。' }));
    } catch (e) {
      if (isDomainError(e, 'invalid_input')) return sendPage(c, profileFormPage({ values, prefectures: PREFECTURES, errors: e.fields }), 400);
      throw e;
    }
  });

  app.post('/members/:id/bookmark', async (c) => {
    const target = idParam(c, 'id');
    if (c.get('form').get('op') === 'remove') await s.profiles.unbookmark(me(c), target);
    else await s.profiles.bookmark(me(c), target);
    return redirectTo(c, `/members/${target}`);
  });
  app.get('/bookmarks', async (c) => {
    const ids = await s.profiles.bookmarks(me(c));
    const names = await s.access.names(me(c), ids);
    return sendPage(c, bookmarksPage(ids.filter((id) => names.has(id)).map((id) => who(names, id))));
  });

  app.get('/members/:id/endorse', async (c) => {
    const d = await s.profiles.endorsementDraft(me(c), idParam(c, 'id'));
    return sendPage(c, endorseFormPage(d.member, d.body));
  });
  app.post('/members/:id/endorse', async (c) => {
    const { member: m } = await s.access.owner(me(c), idParam(c, 'id'));
    const body = c.get('form').get('body') ?? '';
    try {
      await s.profiles.endorse(me(c), m.id, body);
      return redirectTo(c, `/members/${m.id}`);
    } catch (e) {
      if (isDomainError(e, 'invalid_input')) return sendPage(c, endorseFormPage(m, body, Object.values(e.fields)[0]), 400);
      throw e;
    }
  });
  app.post('/members/:id/endorsements/:author/delete', async (c) => {
    const memberId = idParam(c, 'id');
    await s.profiles.removeEndorsement(me(c), idParam(c, 'author'), memberId);
    return redirectTo(c, `/members/${memberId}`);
  });

  app.get('/search', async (c) => {
    const q = c.get('query');
    const values = { nickname: q.get('nickname') ?? '', area: q.get('area') ?? '', ageFrom: q.get('ageFrom') ?? '', ageTo: q.get('ageTo') ?? '', q: q.get('q') ?? '' };
    const age = (v: string) => (/^\d{1,3}$/.test(v) ? Number(v) : undefined);
    const memberQuery = values.nickname || values.area || values.ageFrom || values.ageTo;
    const ids = memberQuery ? await s.profiles.search(me(c), { nickname: values.nickname, area: values.area, ageFrom: age(values.ageFrom), ageTo: age(values.ageTo) }) : null;
    const diaries = values.q ? await s.diary.search(me(c), values.q) : null;
    const names = await s.access.names(me(c), [...(ids ?? []), ...(diaries ?? []).map((d) => d.memberId)]);
    return sendPage(
      c,
      searchPage({
        values,
        prefectures: PREFECTURES,
        members: ids ? ids.filter((id) => names.has(id)).map((id) => who(names, id)) : null,
        diaries: diaries ? diaries.map((d) => ({ id: d.id, title: d.title, author: who(names, d.memberId) })) : null,
      }),
    );
  });

  const reportTarget = (kind: string | undefined, id: string | undefined) => {
    const k = REPORT_KINDS.find((x) => x === kind);
    if (!k || !/^\d{1,12}$/.test(id ?? '')) throw new DomainError('not_found');
    return { kind: k, id: Number(id) };
  };
  app.get('/report', (c) => {
    const t = reportTarget(c.get('query').get('kind'), c.get('query').get('id'));
    return sendPage(c, reportPage(t.kind, t.id, ''));
  });
  app.post('/report', async (c) => {
    const f = c.get('form');
    const t = reportTarget(f.get('kind'), f.get('id'));
    const reason = f.get('reason') ?? '';
    try {
      await s.profiles.report(me(c), t.kind, t.id, reason);
      return sendPage(c, reportPage(t.kind, t.id, '', undefined, true));
    } catch (e) {
      if (isDomainError(e, 'invalid_input')) return sendPage(c, reportPage(t.kind, t.id, reason, Object.values(e.fields)[0]), 400);
      throw e;
    }
  });

  return app;
}
