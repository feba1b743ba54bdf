import type { Services } from '../services.js';
import { redirectTo } from '../render.js';
import { handleForm } from '../forms.js';
import { topicPageFor } from '../community-view.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId } from './shared.js';

/** Events: taking a place (refused when full or past the deadline, shown on the event's page) and giving it back. */
export function communityEventRoutes(s: Services): Feature {
  const f = feature({ auth: 'member' });

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
