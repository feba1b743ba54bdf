import { Hono, type Context } from 'hono';
import { DiaryService, DIARY_PAGE_SIZE, DIARY_TITLE_MAX } from '../../core/diary/service.js';
import { DomainError, isDomainError } from '../../core/errors.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { requireMember } from '../middleware/session.js';
import { diaryEntryPage, diaryFormPage, diaryListPage, diaryPhotoPage, friendsPage, VISIBILITY_LABELS } from '../../templates/pages/diary.js';
import { PHOTOS_PER_ENTRY } from '../../core/photos/service.js';
import { photoView } from '../photo-view.js';
import { who } from './names.js';

/** A numeric path parameter; anything else is a missing page. */
export function idParam(c: Context<AppEnv>, name: string): number {
  const raw = c.req.param(name) ?? '';
  if (!/^\d{1,12}$/.test(raw)) throw new DomainError('not_found');
  return Number(raw);
}

/** Diary writing, reading and comments; member profiles and friend lists. Visits leave footprints. */
export function diaryRoutes(s: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const viewer = (c: Context<AppEnv>) => c.get('member')?.id ?? null;

  // A member's own pages are for members: guests are asked to sign in (they cannot walk profiles,
  // diaries or friend lists by id); a public entry stays readable by its own link.
  for (const path of ['/diary/new', '/diary/:id/comments', '/diary/:id/comments/*', '/diary/:id/delete', '/diary/:id/edit', '/diary/:id/photos', '/members/:id/diary', '/members/:id/friends']) app.use(path, requireMember);

  app.get('/diary/:id/photos', async (c) => {
    const e = await s.diary.read(viewer(c), idParam(c, 'id'));
    if (e.memberId !== viewer(c)) throw new DomainError('not_found');
    return sendPage(c, diaryPhotoPage(e.id, (await s.photos.forEntry(e.id)).length, PHOTOS_PER_ENTRY));
  });
  app.post('/diary/:id/photos', async (c) => {
    const id = idParam(c, 'id');
    try {
      await s.photos.addToEntry(c.get('member')!.id, id, c.get('uploads').get('photo') ?? new Uint8Array(0));
      return redirectTo(c, `/diary/${id}`);
    } catch (e) {
      if (isDomainError(e, 'invalid_input')) return sendPage(c, diaryPhotoPage(id, (await s.photos.forEntry(id)).length, PHOTOS_PER_ENTRY, Object.values(e.fields)[0]), 400);
      throw e;
    }
  });

  app.get('/diary/new', async (c) => {
    const visibility = (await s.profiles.get(c.get('member')!.id)).defaultVisibility ?? DiaryService.defaultVisibility;
    return sendPage(c, diaryFormPage({ values: { visibility }, titleMax: DIARY_TITLE_MAX }));
  });

  app.get('/diary/:id/edit', async (c) => {
    const e = await s.diary.read(viewer(c), idParam(c, 'id'));
    if (e.memberId !== viewer(c)) throw new DomainError('not_found');
    return sendPage(c, diaryFormPage({ values: e, titleMax: DIARY_TITLE_MAX, entryId: e.id }));
  });

  app.post('/diary/:id/edit', async (c) => {
    const id = idParam(c, 'id');
    const f = c.get('form');
    const values = { title: f.get('title') ?? '', body: f.get('body') ?? '', visibility: f.get('visibility') ?? '' };
    try {
      await s.diary.edit(c.get('member')!.id, id, values);
      return redirectTo(c, `/diary/${id}`);
    } catch (e) {
      if (isDomainError(e, 'invalid_input')) return sendPage(c, diaryFormPage({ values, errors: e.fields, titleMax: DIARY_TITLE_MAX, entryId: id }), 400);
      throw e;
    }
  });

  app.post('/diary/new', async (c) => {
    const f = c.get('form');
    const values = { title: f.get('title') ?? '', body: f.get('body') ?? '', visibility: f.get('visibility') ?? '' };
    try {
      const id = await s.diary.write(c.get('member')!.id, values);
      return redirectTo(c, `/diary/${id}`);
    } catch (e) {
      if (isDomainError(e, 'invalid_input')) return sendPage(c, diaryFormPage({ values, errors: e.fields, titleMax: DIARY_TITLE_MAX }), 400);
      throw e;
    }
  });

  async function showEntry(c: Context<AppEnv>, entryId: number, extra: { commentValue?: string; commentError?: string } = {}, status = 200) {
    const me = viewer(c);
    const e = await s.diary.read(me, entryId);
    const author = await s.members.active(e.memberId);
    const comments = await s.comments.list(me, e.id);
    const names = await s.access.names(me, comments.map((x) => x.authorId));
    const replyParam = Number.parseInt(c.get('query').get('reply') ?? c.get('form').get('reply') ?? '', 10);
    const byId = new Map(comments.map((x) => [x.id, x]));
    const replyTarget = byId.get(replyParam);
    const named = (id: number) => who(names, id);
    const photos = await s.photos.forEntry(e.id);
    await s.footprints.record(me, e.memberId);
    return sendPage(
      c,
      diaryEntryPage({
        ...e,
        author,
        visibilityLabel: VISIBILITY_LABELS.find(([v]) => v === e.visibility)?.[1] ?? e.visibility,
        comments: comments.map((x) => ({
          id: x.id,
          author: named(x.authorId),
          body: x.body,
          createdAt: x.createdAt,
          replyTo: x.replyTo !== null && byId.has(x.replyTo) ? named(byId.get(x.replyTo)!.authorId) : null,
          canDelete: me !== null && (me === x.authorId || me === e.memberId),
        })),
        canComment: me !== null,
        commentsForMembers: me === null,
        replyTo: replyTarget ? { id: replyTarget.id, nickname: named(replyTarget.authorId).nickname } : null,
        isAuthor: me === e.memberId,
        photos: photos.map((p) => photoView(c.get('device'), p)),
        canAddPhoto: me === e.memberId && photos.length < PHOTOS_PER_ENTRY,
        ...extra,
      }),
      status,
    );
  }

  app.get('/diary/:id{[0-9]+}', (c) => showEntry(c, idParam(c, 'id')));

  app.post('/diary/:id/comments', async (c) => {
    const id = idParam(c, 'id');
    const body = c.get('form').get('body') ?? '';
    const reply = Number.parseInt(c.get('form').get('reply') ?? '', 10);
    try {
      await s.comments.add(c.get('member')!.id, id, body, Number.isFinite(reply) ? reply : null);
      return redirectTo(c, `/diary/${id}`);
    } catch (e) {
      if (isDomainError(e, 'invalid_input')) return showEntry(c, id, { commentValue: body, commentError: Object.values(e.fields)[0] }, 400);
      throw e;
    }
  });

  app.post('/diary/:id/comments/:comment/delete', async (c) => {
    const entryId = await s.comments.delete(c.get('member')!.id, idParam(c, 'comment'));
    return redirectTo(c, `/diary/${entryId}`);
  });

  app.post('/diary/:id/delete', async (c) => {
    const me = c.get('member')!;
    await s.diary.delete(me.id, idParam(c, 'id'));
    return redirectTo(c, `/members/${me.id}/diary`);
  });

  app.get('/members/:id/diary', async (c) => {
    const month = c.get('query').get('month');
    if (month) {
      const l = await s.diary.listing(viewer(c), idParam(c, 'id'), { month });
      return sendPage(c, diaryListPage(l.owner, l.entries, 1, false, viewer(c) === l.owner.id, l.months, month));
    }
    const page = Math.max(1, Math.min(1000, Number.parseInt(c.get('query').get('page') ?? '1', 10) || 1));
    const l = await s.diary.listing(viewer(c), idParam(c, 'id'), { page });
    return sendPage(c, diaryListPage(l.owner, l.entries, page, l.entries.length === DIARY_PAGE_SIZE, viewer(c) === l.owner.id, l.months));
  });

  app.get('/members/:id/friends', async (c) => {
    const { owner, friends } = await s.friends.listFor(viewer(c), idParam(c, 'id'));
    return sendPage(c, friendsPage(owner, friends, viewer(c) === owner.id));
  });

  return app;
}
