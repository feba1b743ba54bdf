import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { footprintsPage } from '../../templates/pages/social.js';
import { feature, type Feature } from './feature.js';
import { memberId, reading, who } from './shared.js';

/** 足あと: who visited this member's profile and diary, by day. */
export function footprintRoutes(s: Services): Feature {
  const f = feature({ auth: 'member' });

  f.get('/footprints', async (c) => {
    const r = reading(c, s);
    const list = await r.footprints.list(memberId(c));
    const names = await r.access.names(memberId(c), list.map((v) => v.visitorId));
    return sendPage(c, footprintsPage(list.map((v) => ({ visitor: who(names, v.visitorId), visitedAt: v.visitedAt }))));
  });

  return f;
}
