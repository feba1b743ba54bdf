import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { mailPostPage } from '../../templates/pages/mail-post.js';
import { feature, type Feature } from './feature.js';

const LABELS: Record<string, string> = { diary: '日記に投稿' };

async function view(c: Context<AppEnv>, s: Services, notice?: string) {
  const m = c.get('member')!;
  const verified = m.mail !== null && m.mailVerifiedAt !== null ? m.mail : null;
  const addresses = verified ? await s.mailPost.addresses(m.id) : [];
  return mailPostPage({ verifiedMail: verified, addresses: addresses.map((a) => ({ ...a, label: LABELS[a.target] ?? a.target })), notice });
}

/** Settings for posting by mail: the secret addresses (shown only to their member), re-issued on request. */
export function mailPostRoutes(s: Services): Feature {
  const f = feature({ auth: 'member' });
  f.get('/settings/mail-post', async (c) => sendPage(c, await view(c, s)));
  f.post('/settings/mail-post', async (c) => {
    const m = c.get('member')!;
    if (c.get('form').get('target') === 'diary' && m.mailVerifiedAt !== null) await s.mailPost.reissue(m.id, 'diary');
    return sendPage(c, await view(c, s, '新しいアドレスを発行しました。'));
  });
  return f;
}
