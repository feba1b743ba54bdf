import type { Context } from 'hono';
import { demoMayEnter } from '../middleware/qa.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { passwordClient, signIn, signOut } from '../middleware/session.js';
import { easyLoginRefusedPage, loginPage, type EasyLoginRefusal } from '../../templates/pages/auth.js';
import { form, submit } from '../../templates/components.js';
import { feature, type Feature } from './feature.js';
import { offersEasyLogin } from './shared.js';

/** Refused password logins that show the login form again, with their status. */
const LOGIN_REFUSALS: Partial<Record<string, number>> = { rate_limited: 429, invalid_credentials: 401 };

function loginRefusal(c: Context<AppEnv>, code: string, login: string): string {
  if (code === 'rate_limited') {
    c.get('log').info({ login, ip: c.get('clientIp') }, 'password login refused: too many failures');
    const easy = offersEasyLogin(c) ? 'かんたんログインか、' : '';
    return `短い時間に何度も失敗したため、しばらくログインできません。${easy}以前ログインしたことのある端末からはご利用いただけます。`;
  }
  c.get('log').info({ login }, 'password login failed');
  return 'ログインIDかパスワードが違います。';
}

/** Easy login by the subscriber ID the carrier's gateway vouches for, else why not. */
async function easyLogin(c: Context<AppEnv>, s: Services): Promise<Response> {
  const refuse = (reason: EasyLoginRefusal, status: number) => {
    c.get('log').info({ reason, ip: c.get('clientIp'), carrier: c.get('device').carrier }, 'easy login refused');
    return sendPage(c, easyLoginRefusedPage(reason), status);
  };
  if (c.get('device').crawler) return refuse('crawler', 403);
  if (!c.get('carrier').easyLogin) return refuse('unsupported', 403);
  if (!c.get('carrierIpVerified')) return refuse('not_gateway', 403);
  const id = c.get('subscriberId');
  if (!id) return refuse('no_id', 400);
  const m = await s.members.bySubscriber(c.get('carrier').id, id);
  if (!m) return (await s.members.subscriberSuspended(c.get('carrier').id, id)) ? refuse('suspended', 403) : refuse('not_bound', 401);
  await signIn(c, s, m.id);
  return redirectTo(c, '/');
}

/** Password and easy login, logout. */
export function authRoutes(s: Services): Feature {
  const f = feature({ auth: 'guest' });

  f.get('/login', (c) => sendPage(c, loginPage({ easyLogin: offersEasyLogin(c) })));

  f.post('/login', async (c) => {
    const login = (c.get('form').get('login') ?? '').trim().toLowerCase();
    const password = c.get('form').get('password') ?? '';
    const again = (error: string) => loginPage({ login, error, easyLogin: offersEasyLogin(c) });
    if (!login || !password) return sendPage(c, again('ログインIDとパスワードを入力してください。'), 400);
    return handleForm(c, {
      act: async () => {
        // Throttled inside: the attempt is reserved before the password is hashed.
        const m = await s.members.authenticate(login, password, passwordClient(c, s.keys));
        if (!demoMayEnter(c, s.demoMembers, m.id)) {
          c.get('log').warn({ login, ip: c.get('clientIp') }, 'demo member refused to a client off this machine');
          return sendPage(c, again('デモ用のアカウントは、このサーバーのパソコン(またはエミュレーター)と携帯電話会社の網からだけ使えます。'), 403);
        }
        await signIn(c, s, m.id);
        return redirectTo(c, '/');
      },
      refuse: (e) => LOGIN_REFUSALS[e.code] ?? null,
      rerender: (r) => again(loginRefusal(c, r.code, login)),
    });
  });

  f.get('/login/easy', (c) => easyLogin(c, s));

  f.get('/logout', (c) => sendPage(c, { title: 'ログアウト', blocks: [form({ action: '/logout' }, 'ログアウトしますか?', submit('ログアウト'))] }));
  f.post('/logout', async (c) => {
    await signOut(c, s);
    return redirectTo(c, '/');
  });

  return f;
}
