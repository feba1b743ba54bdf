import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { participantsPage } from '../../templates/pages/communities-topics.js';
import { handleForm } from '../forms.js';
import { topicPageFor } from '../community-view.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId, notFound, queryInt, who } from './shared.js';

/** Events: taking a place (refused when full or past the deadline, shown on the event's page) and giving it back. */
export function communityEventRoutes(s: Services): Feature {
  const f = feature({ auth: 'member', guestPaths: ['/communities/:id{[0-9]+}/topics/:topic{[0-9]+}/participants'] });

  f.get('/communities/:id{[0-9]+}/topics/:topic{[0-9]+}/participants', async (c) => {
    const me = c.get('member')?.id ?? null;
    const r = await s.topics.read(me, idParam(c, 'id'), idParam(c, 'topic'));
    if (r.topic.kind !== 'event') notFound();
    const l = await s.events.participants(me, r, queryInt(c, 'page', 1, 1000));
    const names = await s.access.names(me, l.shown.map((p) => p.memberId));
    return sendPage(c, participantsPage({ cid: r.community.id, tid: r.topic.id, title: r.topic.title, total: l.total, page: l.page, more: l.more, participants: l.shown.map((p) => who(names, p.memberId)) }));
  });

  f.post('/communities/:id/topics/:topic/join', (c) => {
    const [cid, tid] = [idParam(c, 'id'), idParam(c, 'topic')];
    return handleForm(c, {
      act: () => s.events.join(memberId(c), cid, tid),
      redirect: () => `/communities/${cid}/topics/${tid}`,
      rerender: (r) => topicPageFor(c, s, cid, tid, { error: r.message }),
    });
  });
  f.post('/communities/:id/topics/:topic/cancel', async (c) => {
    const [cid, tid] = [idParam(c, 'id'), idParam(c, 'topic')];
    await s.events.cancel(memberId(c), cid, tid);
    return redirectTo(c, `/communities/${cid}/topics/${tid}`);
  });

  return f;
}
