import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { blocksPage } from '../../templates/pages/social.js';
import { feature, type Feature } from './feature.js';
import { markMember, memberId } from './shared.js';

/**
 * Blocks: the two see nothing of each other, profiles included, so the blocker's own list is
 * where blocked members are named and unblocked.
 */
export function blockRoutes(s: Services): Feature {
  const f = feature({ auth: 'member' });

  f.post('/members/:id/block', async (c) => {
    await markMember(c, 'unblock', (me, id) => s.friends.block(me, id), (me, id) => s.friends.unblock(me, id));
    return redirectTo(c, '/blocks');
  });
  f.get('/blocks', async (c) => sendPage(c, blocksPage(await s.friends.blockList(memberId(c)))));

  return f;
}
