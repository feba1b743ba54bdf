import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { topicPageFor } from '../community-view.js';
import { topicFormPage, topicListPage } from '../../templates/pages/communities-topics.js';
import type { TopicInput } from '../../core/communities/topics.js';
import type { TopicKind } from '../../core/communities/ports.js';
import { japanWallClock } from '../../core/time.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId, queryInt, viewerId } from './shared.js';

const KINDS: readonly TopicKind[] = ['topic', 'event', 'poll'];
const kindOf = (raw: string | undefined | null): TopicKind => KINDS.find((k) => k === raw) ?? 'topic';

const values = (c: Context<AppEnv>): TopicInput & Record<string, string> => {
  const f = c.get('form');
  const get = (k: string) => f.get(k) ?? '';
  return { title: get('title'), body: get('body'), date: get('date'), time: get('time'), place: get('place'), deadline: get('deadline'), capacity: get('capacity'), choices: get('choices') };
};

/** Topics, events and polls of a community: lists, writing, reading, editing, deleting, comments. */
export function communityTopicRoutes(s: Services): Feature {
  // Topics of a community open to everyone are readable by guests (the service applies `readers`).
  const f = feature({ auth: 'member', guestPaths: ['/communities/:id{[0-9]+}/topics', '/communities/:id{[0-9]+}/topics/:topic{[0-9]+}'], areas: ['/communities/:id/topics/:topic/comments/*'] });

  f.get('/communities/:id{[0-9]+}/topics', async (c) => {
    const kindParam = c.get('query').get('kind');
    const kind = kindParam ? kindOf(kindParam) : null;
    const page = queryInt(c, 'page', 1, 1000);
    const { community } = await s.communities.view(viewerId(c), idParam(c, 'id'));
    const { topics, more } = await s.topics.page(viewerId(c), community.id, kind, page);
    return sendPage(c, topicListPage(community.id, community.name, kind, topics, page, more));
  });

  f.get('/communities/:id/topics/new', async (c) => {
    const { community, role } = await s.communities.view(memberId(c), idParam(c, 'id'));
    if (role !== 'admin' && role !== 'sub' && role !== 'member') return c.notFound();
    return sendPage(c, topicFormPage({ cid: community.id, kind: kindOf(c.get('query').get('kind')), values: {} }));
  });
  f.post('/communities/:id/topics/new', (c) => {
    const [cid, kind, v] = [idParam(c, 'id'), kindOf(c.get('form').get('kind')), values(c)];
    return handleForm(c, { act: () => s.topics.create(memberId(c), cid, kind, v), redirect: (id) => `/communities/${cid}/topics/${id}`, rerender: (r) => topicFormPage({ cid, kind, values: v, errors: r.fields }) });
  });

  f.get('/communities/:id{[0-9]+}/topics/:topic{[0-9]+}', async (c) => sendPage(c, await topicPageFor(c, s, idParam(c, 'id'), idParam(c, 'topic'))));

  f.get('/communities/:id/topics/:topic/edit', async (c) => {
    const r = await s.topics.read(memberId(c), idParam(c, 'id'), idParam(c, 'topic'));
    if (r.topic.authorId !== memberId(c)) return c.notFound();
    const t = r.topic;
    const wall = (ms: number | null) => (ms === null ? '' : japanWallClock(ms).toISOString());
    const values = { title: t.title, body: t.body, place: t.place ?? '', capacity: t.capacity === null ? '' : String(t.capacity) };
    const when = { date: wall(t.eventAt).slice(0, 10), time: wall(t.eventAt).slice(11, 16), deadline: wall(t.deadline === null ? null : t.deadline - 1).slice(0, 10) };
    return sendPage(c, topicFormPage({ cid: r.community.id, kind: t.kind, topicId: t.id, values: { ...values, ...when } }));
  });
  f.post('/communities/:id/topics/:topic/edit', (c) => {
    const [cid, tid, v] = [idParam(c, 'id'), idParam(c, 'topic'), values(c)];
    const kind = kindOf(c.get('form').get('kind'));
    return handleForm(c, { act: () => s.topics.edit(memberId(c), cid, tid, v), redirect: () => `/communities/${cid}/topics/${tid}`, rerender: (r) => topicFormPage({ cid, kind, topicId: tid, values: v, errors: r.fields }) });
  });
  f.post('/communities/:id/topics/:topic/delete', async (c) => {
    const cid = idParam(c, 'id');
    await s.topics.delete(memberId(c), cid, idParam(c, 'topic'));
    return redirectTo(c, `/communities/${cid}`);
  });

  f.post('/communities/:id/topics/:topic/comments', (c) => {
    const [cid, tid] = [idParam(c, 'id'), idParam(c, 'topic')];
    const body = c.get('form').get('body') ?? '';
    return handleForm(c, {
      act: () => s.topics.comment(memberId(c), cid, tid, body),
      redirect: (n) => `/communities/${cid}/topics/${tid}?page=${Math.ceil(n / 20)}`,
      rerender: (r) => topicPageFor(c, s, cid, tid, { error: r.message, commentValue: body }),
    });
  });
  f.post('/communities/:id/topics/:topic/comments/:comment/delete', async (c) => {
    const [cid, tid] = [idParam(c, 'id'), idParam(c, 'topic')];
    await s.topics.deleteComment(memberId(c), cid, tid, idParam(c, 'comment'));
    return redirectTo(c, `/communities/${cid}/topics/${tid}`);
  });

  return f;
}
