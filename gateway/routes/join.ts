import { MIN_AGE } from '../../core/members/service.js';
import { carrierOfMail } from '../../carriers/index.js';
import { isDomainError, type DomainError } from '../../core/errors.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { limitClient, signIn } from '../middleware/session.js';
import { messagePage } from '../../templates/pages/auth.js';
import { invitePage } from '../../templates/pages/settings.js';
import { errorPage } from '../errors.js';
import { withParams } from '../links.js';
import { registerPage, registerSentPage } from '../../templates/pages/register.js';
import { form, hidden, link, para, submit } from '../../templates/components.js';
import { feature, type Feature } from './feature.js';
import { memberId } from './shared.js';

const JOIN_FIELDS = ['code', 'nickname', 'birthDate', 'login', 'mail'];

/** A refused join shows the form again when the refusal names a field; the status says why. */
function joinRefusal(e: DomainError): number | null {
  if (!Object.keys(e.fields).length) return null;
  return e.code === 'rate_limited' ? 429 : e.code === 'login_taken' ? 409 : e.code === 'too_young' ? 403 : 400;
}

const invalidLink = () => messagePage('URLが無効です', 'このURLは無効か、期限切れか、すでに使われています。');

/** Joining by invitation and the mail verification that completes it. */
export function joinRoutes(s: Services): Feature {
  const f = feature({ auth: 'guest' });

  f.get('/register', async (c) => {
    const code = c.get('query').get('code') ?? '';
    // A code that cannot be used is said so at once, before anything is typed.
    const problem = code.trim() ? await s.members.invitationProblem(code) : null;
    return sendPage(c, registerPage({ values: { code }, minAge: MIN_AGE, ...(problem ? { errors: { code: problem } } : {}) }), problem ? 410 : 200);
  });

  f.post('/register', (c) => {
    const typed = c.get('form');
    const values = Object.fromEntries(JOIN_FIELDS.map((k) => [k, typed.get(k) ?? '']));
    return handleForm(c, {
      act: async () => {
        const r = await s.members.register({ ...values, password: typed.get('password') ?? '' } as never, limitClient(c));
        const hint = carrierOfMail(r.mail)
          ? '携帯電話のメールで迷惑メール対策をしている方は、このサイトのドメインからのメールを受信できるように設定してください。'
          : null;
        return sendPage(c, registerSentPage(r.mail, hint));
      },
      refuse: joinRefusal,
      rerender: (r) => {
        if (r.code === 'rate_limited') c.get('log').info({ ip: c.get('clientIp') }, 'join refused: rate limited');
        return registerPage({ values, errors: r.fields, minAge: MIN_AGE });
      },
    });
  });

  // Opening the link changes nothing (mail scanners fetch links too); the member completes the
  // join with a button, a form bound to this browser's pre-session, so a link sent by someone
  // else cannot silently sign a victim into the sender's new account (login CSRF).
  f.get('/register/verify', async (c) => {
    const token = c.get('query').get('token') ?? '';
    const v = await s.members.pendingVerification(token);
    if (!v) return sendPage(c, invalidLink(), 400);
    return sendPage(c, {
      title: 'メールアドレスの確認',
      blocks: [para(`${v.nickname}さん、メールアドレスを確認できました。下のボタンで登録を完了してください。`), form({ action: '/register/verify' }, hidden('token', token), submit('登録を完了する'))],
      footer: [link('/', 'トップへ', { key: '0' })],
    });
  });

  f.post('/register/verify', (c) =>
    handleForm(c, {
      act: async () => signIn(c, s, (await s.members.verifyMail(c.get('form').get('token') ?? '')).id),
      redirect: () => '/',
      refuse: () => 400,
      rerender: invalidLink,
    }),
  );

  return f;
}

/** Inviting friends: each code is good for one join within 30 days (a few codes a day). */
export function inviteRoutes(s: Services): Feature {
  const f = feature({ auth: 'member' });
  f.get('/invite', (c) => sendPage(c, invitePage(null, null)));
  f.post('/invite', async (c) => {
    try {
      const inv = await s.members.createInvitation(memberId(c));
      return sendPage(c, invitePage(inv.code, withParams('/register', { code: inv.code })));
    } catch (e) {
      if (isDomainError(e, 'rate_limited')) return errorPage(c, 429, '招待コードを作れません', '今日はこれ以上招待コードを作れません。明日またお試しください。');
      throw e;
    }
  });
  // By mail, from a handset or a PC: the friend gets a code and, on joining, becomes a マイミク.
  f.post('/invite/mail', (c) => {
    const value = c.get('form').get('mail') ?? '';
    return handleForm(c, {
      act: async () => sendPage(c, invitePage(null, null, { sentTo: await s.accounts.inviteByMail(memberId(c), value) })),
      refuse: (e) => (e.code === 'rate_limited' ? 429 : e.code === 'invalid_input' ? 400 : null),
      rerender: (r) => invitePage(null, null, { value, errors: r.fields }),
    });
  });
  return f;
}
