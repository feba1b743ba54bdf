import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { bookmarksPage } from '../../templates/pages/profile.js';
import { feature, type Feature } from './feature.js';
import { markMember, memberId, who } from './shared.js';

/** お気に入り: members a member keeps a link to (only those the gate still shows are listed). */
export function bookmarkRoutes(s: Services): Feature {
  const f = feature({ auth: 'member' });

  f.post('/members/:id/bookmark', async (c) => {
    const target = await markMember(c, 'remove', (me, id) => s.profiles.bookmark(me, id), (me, id) => s.profiles.unbookmark(me, id));
    return redirectTo(c, `/members/${target}`);
  });
  f.get('/bookmarks', async (c) => {
    const ids = await s.profiles.bookmarks(memberId(c));
    const names = await s.access.names(memberId(c), ids);
    return sendPage(c, bookmarksPage(ids.filter((id) => names.has(id)).map((id) => who(names, id))));
  });

  return f;
}
