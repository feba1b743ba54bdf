import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { mailPostPage } from '../../templates/pages/mail-post.js';
import { feature, type Feature } from './feature.js';

/** The member's own albums (the newest ten get posting addresses). */
async function ownAlbums(s: Services, me: number) {
  return (await s.albums.listing(me, me, 1)).albums;
}

async function view(c: Context<AppEnv>, s: Services, notice?: string) {
  const m = c.get('member')!;
  const verified = m.mail !== null && m.mailVerifiedAt !== null ? m.mail : null;
  if (!verified) return mailPostPage({ verifiedMail: null, addresses: [], notice });
  const albums = await ownAlbums(s, m.id);
  const titles = new Map(albums.map((a) => [`album:${a.id}`, a.title]));
  const addresses = await s.mailPost.addresses(m.id, albums.map((a) => a.id));
  return mailPostPage({ verifiedMail: verified, addresses: addresses.map((a) => ({ ...a, label: a.target === 'diary' ? '日記に投稿' : `アルバム「${titles.get(a.target) ?? ''}」に投稿` })), notice });
}

/** Settings for posting by mail: the secret addresses (diary, each own album), re-issued on request. */
export function mailPostRoutes(s: Services): Feature {
  const f = feature({ auth: 'member' });
  f.get('/settings/mail-post', async (c) => sendPage(c, await view(c, s)));
  f.post('/settings/mail-post', async (c) => {
    const m = c.get('member')!;
    const target = c.get('form').get('target') ?? '';
    const albums = new Set((await ownAlbums(s, m.id)).map((a) => `album:${a.id}`));
    if (m.mailVerifiedAt !== null && (target === 'diary' || albums.has(target))) await s.mailPost.reissue(m.id, target as 'diary');
    return sendPage(c, await view(c, s, '新しいアドレスを発行しました。'));
  });
  return f;
}
