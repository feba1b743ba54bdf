import type { Services } from '../services.js';
import { handleForm } from '../forms.js';
import { topicPageFor } from '../community-view.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId } from './shared.js';

/** Polls: one vote per member (a second is refused and the poll shown again with the reason). */
export function communityPollRoutes(s: Services): Feature {
  const f = feature({ auth: 'member' });

  f.post('/communities/:id/topics/:topic/vote', (c) => {
    const [cid, tid] = [idParam(c, 'id'), idParam(c, 'topic')];
    const choice = Number.parseInt(c.get('form').get('choice') ?? '', 10);
    return handleForm(c, {
      act: () => s.events.vote(memberId(c), cid, tid, Number.isFinite(choice) ? choice : -1),
      redirect: () => `/communities/${cid}/topics/${tid}`,
      rerender: (r) => topicPageFor(c, s, cid, tid, { error: r.message }),
    });
  });

  return f;
}
