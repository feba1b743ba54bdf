import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { blocksPage } from '../../templates/pages/social.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId } from './shared.js';

/**
 * Blocks: the two see nothing of each other, profiles included, so the blocker's own list is
 * where blocked members are named and unblocked.
 */
export function blockRoutes(s: Services): Feature {
  const f = feature({ auth: 'member' });

  f.post('/members/:id/block', async (c) => {
    const other = idParam(c, 'id');
    if (c.get('form').get('op') === 'unblock') await s.friends.unblock(memberId(c), other);
    else await s.friends.block(memberId(c), other);
    return redirectTo(c, '/blocks');
  });
  f.get('/blocks', async (c) => sendPage(c, blocksPage(await s.friends.blockList(memberId(c)))));

  return f;
}
