import type { Context } from 'hono';
import { DiaryService, DIARY_PAGE_SIZE, DIARY_TITLE_MAX } from '../../core/diary/service.js';
import { PHOTOS_PER_ENTRY } from '../../core/photos/service.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { skinned } from '../skin-view.js';
import { handleForm } from '../forms.js';
import { photoView } from '../photo-view.js';
import type { Page } from '../../templates/layout.js';
import { diaryEntryPage, diaryFormPage, diaryListPage, VISIBILITY_LABELS } from '../../templates/pages/diary.js';
import { withCompletion } from '../ad-view.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId, ownEntry, queryInt, reading, viewerId, who } from './shared.js';

type CommentDraft = { commentValue?: string; commentError?: string };

/** An entry with its comments and photos, as this reader may see it; the visit leaves a footprint. */
async function entryPage(c: Context<AppEnv>, s: Services, entryId: number, draft: CommentDraft = {}): Promise<Page> {
  const me = viewerId(c);
  const e = await s.diary.read(me, entryId);
  const author = await s.members.active(e.memberId);
  const comments = await s.comments.listOn(me, e); // e: just read through the gate for `me`
  const names = await s.access.names(me, comments.map((x) => x.authorId));
  const replyParam = Number.parseInt(c.get('query').get('reply') ?? c.get('form').get('reply') ?? '', 10);
  const byId = new Map(comments.map((x) => [x.id, x]));
  const replyTarget = byId.get(replyParam);
  const photos = await s.photos.forEntry(e.id);
  await s.footprints.record(me, e.memberId);
  return skinned(c, s, e.memberId, 'diary', diaryEntryPage({
    ...e,
    author,
    visibilityLabel: VISIBILITY_LABELS.find(([v]) => v === e.visibility)?.[1] ?? e.visibility,
    comments: comments.map((x) => ({
      id: x.id,
      author: who(names, x.authorId),
      body: x.body,
      createdAt: x.createdAt,
      replyTo: x.replyTo !== null && byId.has(x.replyTo) ? who(names, byId.get(x.replyTo)!.authorId) : null,
      canDelete: me !== null && (me === x.authorId || me === e.memberId),
    })),
    canComment: me !== null,
    commentsForMembers: me === null,
    replyTo: replyTarget ? { id: replyTarget.id, nickname: who(names, replyTarget.authorId).nickname } : null,
    isAuthor: me === e.memberId,
    photos: photos.map((p) => photoView(c.get('device'), p)),
    canAddPhoto: me === e.memberId && photos.length < PHOTOS_PER_ENTRY,
    ...draft,
  }));
}

const entryValues = (c: Context<AppEnv>) => {
  const f = c.get('form');
  return { title: f.get('title') ?? '', body: f.get('body') ?? '', visibility: f.get('visibility') ?? '' };
};

/** Diary writing, reading and comments, and a member's list of entries. Reading leaves footprints. */
export function diaryRoutes(s: Services): Feature {
  const f = feature({
    auth: 'member',
    // A member's diary is for members (guests cannot walk diaries by id), but an entry its author
    // made public stays readable by its own link, without its comments.
    guestPaths: ['/diary/:id{[0-9]+}'],
    areas: ['/diary/:id/comments/*'],
  });

  f.get('/diary/new', async (c) => {
    const visibility = (await s.profiles.get(memberId(c))).defaultVisibility ?? DiaryService.defaultVisibility;
    return sendPage(c, diaryFormPage({ values: { visibility }, titleMax: DIARY_TITLE_MAX }));
  });
  f.post('/diary/new', (c) => {
    const values = entryValues(c);
    return handleForm(c, {
      act: () => s.diary.write(memberId(c), values),
      redirect: (id) => `/diary/${id}?done=diary`,
      rerender: (r) => diaryFormPage({ values, errors: r.fields, titleMax: DIARY_TITLE_MAX }),
    });
  });

  f.get('/diary/:id/edit', async (c) => {
    const e = await ownEntry(c, s, idParam(c, 'id'));
    return sendPage(c, diaryFormPage({ values: e, titleMax: DIARY_TITLE_MAX, entryId: e.id }));
  });
  f.post('/diary/:id/edit', (c) => {
    const id = idParam(c, 'id');
    const values = entryValues(c);
    return handleForm(c, {
      act: () => s.diary.edit(memberId(c), id, values),
      redirect: () => `/diary/${id}`,
      rerender: (r) => diaryFormPage({ values, errors: r.fields, titleMax: DIARY_TITLE_MAX, entryId: id }),
    });
  });

  f.get('/diary/:id{[0-9]+}', async (c) => sendPage(c, await withCompletion(c, s, await entryPage(c, reading(c, s), idParam(c, 'id')))));

  f.post('/diary/:id/comments', (c) => {
    const id = idParam(c, 'id');
    const body = c.get('form').get('body') ?? '';
    const reply = Number.parseInt(c.get('form').get('reply') ?? '', 10);
    return handleForm(c, {
      act: () => s.comments.add(memberId(c), id, body, Number.isFinite(reply) ? reply : null),
      redirect: () => `/diary/${id}?done=comment`,
      rerender: (r) => entryPage(c, s, id, { commentValue: body, commentError: r.message }),
    });
  });
  f.post('/diary/:id/comments/:comment/delete', async (c) => redirectTo(c, `/diary/${await s.comments.delete(memberId(c), idParam(c, 'comment'))}`));

  f.post('/diary/:id/delete', async (c) => {
    await s.diary.delete(memberId(c), idParam(c, 'id'));
    return redirectTo(c, `/members/${memberId(c)}/diary`);
  });

  f.get('/members/:id/diary', async (c) => {
    const month = c.get('query').get('month');
    const mine = (ownerId: number) => viewerId(c) === ownerId;
    const r = reading(c, s);
    if (month) {
      const l = await r.diary.listing(viewerId(c), idParam(c, 'id'), { month });
      return sendPage(c, await skinned(c, s, l.owner.id, 'diary', diaryListPage(l.owner, l.entries, 1, false, mine(l.owner.id), l.months, month)));
    }
    const page = queryInt(c, 'page', 1, 1000);
    const l = await r.diary.listing(viewerId(c), idParam(c, 'id'), { page });
    return sendPage(c, await skinned(c, s, l.owner.id, 'diary', diaryListPage(l.owner, l.entries, page, l.entries.length === DIARY_PAGE_SIZE, mine(l.owner.id), l.months)));
  });

  return f;
}
