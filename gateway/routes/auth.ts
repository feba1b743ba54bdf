import { Hono, type Context } from 'hono';
import { isDomainError } from '../../core/errors.js';
import { clipText } from '../../core/text.js';
import { demoMayEnter } from '../middleware/qa.js';
import { MIN_AGE } from '../../core/members/service.js';
import { carrierOfMail } from '../../carriers/index.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { domainErrorPage } from '../errors.js';
import { limitClient, passwordClient, signIn, signOut } from '../middleware/session.js';
import { easyLoginRefusedPage, loginPage, messagePage, welcomePage, type EasyLoginRefusal } from '../../templates/pages/auth.js';
import { registerPage, registerSentPage } from '../../templates/pages/register.js';
import { form, hidden, link, para, submit } from '../../templates/components.js';
import { topPage } from '../../templates/pages/top.js';

function offersEasyLogin(c: Context<AppEnv>): boolean {
  return c.get('carrier').easyLogin && !c.get('device').crawler;
}

/** Welcome, password and easy login, joining by invitation, mail verification, logout. */
export function authRoutes(s: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const m = c.get('member');
    if (!m) return sendPage(c, welcomePage({ easyLogin: offersEasyLogin(c), carrierLabel: c.get('carrier').label }));
    const t = await s.top.summary(m.id);
    const names = await s.access.names(m.id, t.friendDiaries.map((e) => e.memberId));
    const alerts = [];
    if (t.unreadMessages) alerts.push({ href: '/messages', text: `新着メッセージが${t.unreadMessages}件あります` });
    if (t.friendRequests) alerts.push({ href: '/friends/requests', text: `マイミク申請が${t.friendRequests}件あります` });
    if (t.newComments.length) alerts.push({ href: `/diary/${t.newComments[0]!.entryId}`, text: `日記に新着コメントが${t.newComments.length}件あります` });
    const show = new Set((await s.profiles.get(m.id)).topSections);
    const sections = [];
    if (show.has('friend-diaries')) {
      sections.push({
        title: 'マイミクの最新日記',
        lines: t.friendDiaries.length ? t.friendDiaries.map((e) => [link(`/diary/${e.id}`, e.title), ` (${names.get(e.memberId) ?? ''})`]) : ['まだありません'],
        more: '/friends/diary',
      });
    }
    if (show.has('comments') && t.newComments.length) {
      sections.push({ title: '日記への新着コメント', lines: t.newComments.map((x) => link(`/diary/${x.entryId}`, clipText(x.body, 20))), more: '/diary/comments' });
    }
    if (show.has('footprints')) sections.push({ title: '足あと', lines: [link('/footprints', `今日の足あと ${t.footprintsToday}件`)] });
    return sendPage(c, topPage({ memberId: m.id, nickname: m.nickname, alerts, sections }));
  });

  app.get('/login', (c) => sendPage(c, loginPage({ easyLogin: offersEasyLogin(c) })));

  app.post('/login', async (c) => {
    const login = (c.get('form').get('login') ?? '').trim().toLowerCase();
    const password = c.get('form').get('password') ?? '';
    const again = (error: string, status: number) => sendPage(c, loginPage({ login, error, easyLogin: offersEasyLogin(c) }), status);
    if (!login || !password) return again('ログインIDとパスワードを入力してください。', 400);
    try {
      // Throttled inside: the attempt is reserved before the password is hashed.
      const m = await s.members.authenticate(login, password, passwordClient(c, s.keys));
      if (!demoMayEnter(c, s.demoMembers, m.id)) {
        c.get('log').warn({ login, ip: c.get('clientIp') }, 'demo member refused to a client off this machine');
        return again('デモ用のアカウントは、このサーバーのパソコン(またはエミュレーター)と携帯電話会社の網からだけ使えます。', 403);
      }
      await signIn(c, s, m.id);
      return redirectTo(c, '/');
    } catch (e) {
      if (isDomainError(e, 'rate_limited')) {
        c.get('log').info({ login, ip: c.get('clientIp') }, 'password login refused: too many failures');
        const easy = offersEasyLogin(c) ? 'かんたんログインか、' : '';
        return again(`短い時間に何度も失敗したため、しばらくログインできません。${easy}以前ログインしたことのある端末からはご利用いただけます。`, 429);
      }
      if (isDomainError(e, 'invalid_credentials')) {
        c.get('log').info({ login }, 'password login failed');
        return again('ログインIDかパスワードが違います。', 401);
      }
      if (isDomainError(e)) return domainErrorPage(c, e);
      throw e;
    }
  });

  app.get('/login/easy', async (c) => {
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
    if (!m) return refuse('not_bound', 401);
    await signIn(c, s, m.id);
    return redirectTo(c, '/');
  });

  app.get('/logout', (c) => sendPage(c, { title: 'ログアウト', blocks: [form({ action: '/logout' }, 'ログアウトしますか?', submit('ログアウト'))] }));
  app.post('/logout', async (c) => {
    await signOut(c, s);
    return redirectTo(c, '/');
  });

  app.get('/register', async (c) => {
    const code = c.get('query').get('code') ?? '';
    // A code that cannot be used is said so at once, before anything is typed.
    const problem = code.trim() ? await s.members.invitationProblem(code) : null;
    return sendPage(c, registerPage({ values: { code }, minAge: MIN_AGE, ...(problem ? { errors: { code: problem } } : {}) }), problem ? 410 : 200);
  });

  app.post('/register', async (c) => {
    const f = c.get('form');
    const values = Object.fromEntries(['code', 'nickname', 'birthDate', 'login', 'mail'].map((k) => [k, f.get(k) ?? '']));
    try {
      const r = await s.members.register({ ...values, password: f.get('password') ?? '' } as never, limitClient(c));
      const hint = carrierOfMail(r.mail)
        ? '携帯電話のメールで迷惑メール対策をしている方は、このサイトのドメインからのメールを受信できるように設定してください。'
        : null;
      return sendPage(c, registerSentPage(r.mail, hint));
    } catch (e) {
      if (isDomainError(e) && Object.keys(e.fields).length) {
        const status = e.code === 'rate_limited' ? 429 : e.code === 'login_taken' ? 409 : e.code === 'too_young' ? 403 : 400;
        if (e.code === 'rate_limited') c.get('log').info({ ip: c.get('clientIp') }, 'join refused: rate limited');
        return sendPage(c, registerPage({ values, errors: e.fields, minAge: MIN_AGE }), status);
      }
      if (isDomainError(e)) return domainErrorPage(c, e);
      throw e;
    }
  });

  // Opening the link changes nothing (mail scanners fetch links too); the member completes the
  // join with a button, a form bound to this browser's pre-session, so a link sent by someone
  // else cannot silently sign a victim into the sender's new account (login CSRF).
  app.get('/register/verify', async (c) => {
    const token = c.get('query').get('token') ?? '';
    const v = await s.members.pendingVerification(token);
    if (!v) return sendPage(c, messagePage('URLが無効です', 'このURLは無効か、期限切れか、すでに使われています。'), 400);
    return sendPage(c, {
      title: 'メールアドレスの確認',
      blocks: [para(`${v.nickname}さん、メールアドレスを確認できました。下のボタンで登録を完了してください。`), form({ action: '/register/verify' }, hidden('token', token), submit('登録を完了する'))],
      footer: [link('/', 'トップへ', { key: '0' })],
    });
  });

  app.post('/register/verify', async (c) => {
    try {
      const m = await s.members.verifyMail(c.get('form').get('token') ?? '');
      await signIn(c, s, m.id);
      return redirectTo(c, '/');
    } catch (e) {
      if (isDomainError(e)) return sendPage(c, messagePage('URLが無効です', 'このURLは無効か、期限切れか、すでに使われています。'), 400);
      throw e;
    }
  });

  return app;
}
