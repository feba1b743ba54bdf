import type { Context } from 'hono';
import type { AppEnv } from './env.js';
import type { Services } from './services.js';
import type { Page } from '../templates/layout.js';
import { topicPage } from '../templates/pages/communities-topics.js';
import { who } from './routes/shared.js';
import { photoView } from './photo-view.js';
import { TOPIC_PHOTOS_MAX } from '../core/communities/topics.js';

/**
 * One topic, event or poll page as this viewer may see it (shared by the topic, event and poll
 * routes: a refused join or vote shows the page again with the reason).
 */
export async function topicPageFor(c: Context<AppEnv>, s: Services, cid: number, tid: number, extra: { error?: string; commentValue?: string } = {}): Promise<Page> {
  const me = c.get('member')?.id ?? null;
  const r = await s.topics.read(me, cid, tid);
  const pageParam = Number.parseInt(c.get('query').get('page') ?? '', 10);
  const { comments, page, pages } = await s.topics.comments(me, r, Number.isFinite(pageParam) ? pageParam : null);
  const event = r.topic.kind === 'event' ? await s.events.participants(me, r) : null;
  const poll = r.topic.kind === 'poll' ? await s.events.poll(me, r) : undefined;
  const names = await s.access.names(me, [r.topic.authorId, ...comments.map((x) => x.authorId), ...(event?.shown.map((p) => p.memberId) ?? [])]);
  const manages = r.role === 'admin' || r.role === 'sub';
  // Sub-admins moderate everyone's posts but the administrator's (core refuses that too).
  const mayDelete = (authorId: number) => me === authorId || r.role === 'admin' || (r.role === 'sub' && authorId !== r.community.adminId);
  const photoIds = await s.topics.photos(r.topic.id);
  const photos = (await Promise.all(photoIds.map((id) => s.photos.find(id)))).filter((p) => p !== null);
  return topicPage({
    cid: r.community.id,
    communityName: r.community.name,
    topic: r.topic,
    author: who(names, r.topic.authorId),
    isAuthor: me === r.topic.authorId,
    canDeleteTopic: mayDelete(r.topic.authorId),
    belongs: manages || r.role === 'member',
    signedIn: me !== null,
    // Object.assign: `{ ...x, author, canDelete }` takes V8's slow path on Node 20 (~1 µs a comment, measured).
    comments: comments.map((x) => Object.assign({}, x, { author: who(names, x.authorId), canDelete: me !== null && mayDelete(x.authorId) })),
    page,
    pages,
    photos: photos.map((p) => photoView(c.get('device'), p)),
    canAddPhoto: me === r.topic.authorId && photoIds.length < TOPIC_PHOTOS_MAX,
    ...(event ? { event: { participants: event.shown.map((p) => who(names, p.memberId)), total: event.total, joined: event.joined, canJoin: event.canJoin } } : {}),
    ...(poll ? { poll } : {}),
    ...extra,
  });
}
