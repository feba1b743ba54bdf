import { deleteCookie, requestCookie, setCookie } from '../headers.js';
import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { limitClient } from '../middleware/session.js';
import { STAFF_COOKIE, withStaff } from '../staff-view.js';
import { DEMO_STAFF } from '../staff-demo.js';
import { fromLoopback } from '../middleware/qa.js';
import { may, type Permission } from '../../core/staff/roles.js';
import { auditPage, ngWordsPage, staffAccountsPage, staffHomePage, staffLoginPage } from '../../templates/pages/staff.js';
import { feature, type Feature } from './feature.js';

const MENU: [Permission, string, string][] = [
  ['reports', '/staff/reports', '通報の一覧'],
  ['content', '/staff/hidden?reason=held', '確認待ちの投稿(NGワード)'],
  ['content', '/staff/hidden', '非表示にした内容'],
  ['lookup', '/staff/members', 'メンバー検索'],
  ['ngwords', '/staff/ng-words', 'NGワード'],
  ['staff', '/staff/accounts', 'スタッフアカウント'],
  ['audit', '/staff/audit', '操作記録'],
];

/** The staff console at /staff (PC): its own accounts and sessions, a menu by role, staff accounts, NG words, the audit log. */
export function staffRoutes(s: Services): Feature {
  const f = feature({ auth: 'guest' });

  f.get('/staff/login', (c) => sendPage(c, staffLoginPage()));
  f.post('/staff/login', (c) => {
    const login = (c.get('form').get('login') ?? '').trim();
    // The demo staff's password is published: it signs in only from this machine (or the emulator).
    if (login.toLowerCase() === DEMO_STAFF.login && !(c.env?.qa === true || fromLoopback(c))) {
      return sendPage(c, staffLoginPage({ login, error: 'デモ用のアカウントは、このサーバーのパソコンからだけ使えます。' }), 403);
    }
    return handleForm(c, {
      act: async () => {
        const { token } = await s.staff.login(login, c.get('form').get('password') ?? '', limitClient(c));
        setCookie(c, STAFF_COOKIE, token, { path: '/staff', httpOnly: true, sameSite: 'Strict', secure: s.config.secureCookies });
        return redirectTo(c, '/staff');
      },
      refuse: (e) => (e.code === 'invalid_credentials' ? 401 : e.code === 'rate_limited' ? 429 : null),
      rerender: (r) => staffLoginPage({ login, error: r.code === 'rate_limited' ? '試行回数が多すぎます。しばらくしてからお試しください。' : 'ログインIDかパスワードが違います。' }),
    });
  });
  f.post('/staff/logout', async (c) => {
    const t = requestCookie(c, STAFF_COOKIE);
    if (t) await s.staff.logout(t, await s.staff.resume(t));
    deleteCookie(c, STAFF_COOKIE, { path: '/staff' });
    return redirectTo(c, '/staff/login');
  });

  f.get('/staff', (c) => withStaff(c, s, null, async (st) => sendPage(c, staffHomePage(st.name, st.role, MENU.filter(([p]) => may(st.role, p)).map(([, href, label]) => [href, label])))));

  f.get('/staff/accounts', (c) => withStaff(c, s, 'staff', async (st) => sendPage(c, staffAccountsPage(await s.staff.staffList(st)))));
  f.post('/staff/accounts', (c) =>
    withStaff(c, s, 'staff', async (st) => {
      const form = c.get('form');
      const values = { login: form.get('login') ?? '', name: form.get('name') ?? '', role: form.get('role') ?? '' };
      return handleForm(c, {
        act: async () => {
          await s.staff.createStaff(st, { ...values, password: form.get('password') ?? '' });
          return redirectTo(c, '/staff/accounts');
        },
        rerender: async (r) => staffAccountsPage(await s.staff.staffList(st), r.fields, values),
      });
    }),
  );

  f.get('/staff/ng-words', (c) => withStaff(c, s, 'ngwords', async (st) => sendPage(c, ngWordsPage(await s.moderation.ngWords(st)))));
  f.post('/staff/ng-words', (c) =>
    withStaff(c, s, 'ngwords', (st) =>
      handleForm(c, {
        act: async () => {
          await s.moderation.putNgWord(st, c.get('form').get('word') ?? '', c.get('form').get('action') ?? '');
          return redirectTo(c, '/staff/ng-words');
        },
        rerender: async (r) => ngWordsPage(await s.moderation.ngWords(st), r.fields),
      }),
    ),
  );
  f.post('/staff/ng-words/remove', (c) =>
    withStaff(c, s, 'ngwords', async (st) => {
      await s.moderation.removeNgWord(st, c.get('form').get('word') ?? '');
      return redirectTo(c, '/staff/ng-words');
    }),
  );

  f.get('/staff/audit', (c) =>
    withStaff(c, s, 'audit', async (st) => {
      const pageNo = Math.min(Math.max(1, Number(/^\d{1,4}$/.test(c.get('query').get('page') ?? '') ? c.get('query').get('page') : 1)), 1000);
      const rows = await s.staff.auditLog(st, pageNo);
      return sendPage(c, auditPage(rows.map((r) => ({ id: r.id, staff: r.staffLogin, action: r.action, target: `${r.targetKind} ${r.targetId}`, detail: r.detail, at: r.createdAt })), pageNo));
    }),
  );

  return f;
}
