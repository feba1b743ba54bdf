import { Hono, type Context } from 'hono';
import { DiaryService } from '../../core/diary.js';
import { DIARY_PAGE_SIZE, DIARY_TITLE_MAX } from '../../core/diary.js';
import { DomainError, isDomainError } from '../../core/errors.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { requireMember } from '../middleware/session.js';
import { diaryEntryPage, diaryFormPage, diaryListPage, friendsPage, profilePage, VISIBILITY_LABELS } from '../../templates/pages/diary.js';

function idParam(c: Context<AppEnv>, name: string): number {
  const raw = c.req.param(name) ?? '';
  if (!/^\d{1,12}$/.test(raw)) throw new DomainError('not_found');
  return Number(raw);
}

/** Diary writing and reading, member profiles and friend lists. */
export function diaryRoutes(s: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const viewer = (c: Context<AppEnv>) => c.get('member')?.id ?? null;
  const member = async (id: number) => {
    const m = await s.members.byId(id);
    if (!m || m.status !== 'active') throw new DomainError('not_found');
    return m;
  };

  app.use('/diary/new', requireMember);

  app.get('/diary/new', (c) => sendPage(c, c.get('render'), diaryFormPage({ values: { visibility: DiaryService.defaultVisibility }, titleMax: DIARY_TITLE_MAX })));

  app.post('/diary/new', async (c) => {
    const f = c.get('form');
    const values = { title: f.get('title') ?? '', body: f.get('body') ?? '', visibility: f.get('visibility') ?? '' };
    try {
      const id = await s.diary.write(c.get('member')!.id, values);
      return redirectTo(c, c.get('render'), `/diary/${id}`);
    } catch (e) {
      if (isDomainError(e, 'invalid_input')) return sendPage(c, c.get('render'), diaryFormPage({ values, errors: e.fields, titleMax: DIARY_TITLE_MAX }), 400);
      throw e;
    }
  });

  app.get('/diary/:id', async (c) => {
    const e = await s.diary.read(viewer(c), idParam(c, 'id'));
    const author = await member(e.memberId);
    const label = VISIBILITY_LABELS.find(([v]) => v === e.visibility)?.[1] ?? e.visibility;
    return sendPage(c, c.get('render'), diaryEntryPage({ ...e, author, visibilityLabel: label }));
  });

  app.get('/members/:id/diary', async (c) => {
    const owner = await member(idParam(c, 'id'));
    const page = Math.max(1, Math.min(1000, Number.parseInt(c.get('query').get('page') ?? '1', 10) || 1));
    const entries = await s.diary.list(viewer(c), owner.id, page);
    return sendPage(c, c.get('render'), diaryListPage(owner, entries, page, entries.length === DIARY_PAGE_SIZE, viewer(c) === owner.id));
  });

  app.get('/members/:id', async (c) => {
    const m = await member(idParam(c, 'id'));
    const friends = await s.store.friendships.friendsOf(m.id);
    return sendPage(c, c.get('render'), profilePage(m, friends.length, viewer(c) === m.id));
  });

  app.get('/members/:id/friends', async (c) => {
    const m = await member(idParam(c, 'id'));
    const ids = await s.store.friendships.friendsOf(m.id);
    const friends = (await Promise.all(ids.map((id) => s.members.byId(id)))).filter((f) => f && f.status === 'active') as { id: number; nickname: string }[];
    return sendPage(c, c.get('render'), friendsPage(m, friends));
  });

  return app;
}
