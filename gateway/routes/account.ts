import type { Context } from 'hono';
import type { DomainError } from '../../core/errors.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { limitClient, signIn, signOut } from '../middleware/session.js';
import { mailChangePage, nicknamePage, passwordChangePage, withdrawnPage, withdrawPage } from '../../templates/pages/account.js';
import { feature, type Feature } from './feature.js';
import { memberId } from './shared.js';

/** Refused account forms shown again: a wrong current password, too many tries, bad input. */
const refuse = (e: DomainError) => ({ invalid_credentials: 401, rate_limited: 429, invalid_input: 400, course_active: 409 } as Record<string, number>)[e.code] ?? null;
const field = (c: Context<AppEnv>, name: string) => c.get('form').get(name) ?? '';

/** A member's own account in settings: password, mail address, nickname, leaving (退会). */
export function accountRoutes(s: Services): Feature {
  const f = feature({ auth: 'member' });

  f.get('/settings/password', (c) => sendPage(c, passwordChangePage()));
  f.post('/settings/password', (c) =>
    handleForm(c, {
      act: async () => {
        await s.accounts.changePassword(memberId(c), field(c, 'current'), field(c, 'password'), field(c, 'password2'), limitClient(c));
        // Every session ended with the old password: this handset continues in a new one.
        await signIn(c, s, memberId(c));
        return sendPage(c, passwordChangePage(undefined, true));
      },
      refuse,
      rerender: (r) => passwordChangePage(r.fields),
    }),
  );

  f.get('/settings/mail', (c) => sendPage(c, mailChangePage(c.get('member')!.mail)));
  f.post('/settings/mail', (c) =>
    handleForm(c, {
      act: async () => {
        const sentTo = await s.accounts.requestMailChange(memberId(c), field(c, 'mail'), field(c, 'current'), limitClient(c));
        return sendPage(c, mailChangePage(c.get('member')!.mail, { sentTo }));
      },
      refuse,
      rerender: (r) => mailChangePage(c.get('member')!.mail, { value: field(c, 'mail'), errors: r.fields }),
    }),
  );

  f.get('/settings/nickname', (c) => sendPage(c, nicknamePage(c.get('member')!.nickname)));
  f.post('/settings/nickname', (c) =>
    handleForm(c, {
      act: async () => sendPage(c, nicknamePage(await s.accounts.changeNickname(memberId(c), field(c, 'nickname')), undefined, true)),
      refuse,
      rerender: (r) => nicknamePage(field(c, 'nickname'), r.fields),
    }),
  );

  f.get('/settings/withdraw', async (c) => {
    const course = await s.accounts.blockingCourse(memberId(c));
    return sendPage(c, withdrawPage({ courseActive: course !== null, course: course ?? 'points' }));
  });
  f.post('/settings/withdraw', (c) =>
    handleForm(c, {
      act: async () => {
        if (field(c, 'confirm') !== '1') return sendPage(c, withdrawPage({ courseActive: false, errors: { confirm: '内容を確認したら、チェックを入れてください。' } }), 400);
        await s.accounts.withdraw(memberId(c), field(c, 'current'), limitClient(c));
        await signOut(c, s);
        return sendPage(c, withdrawnPage());
      },
      refuse,
      rerender: async (r) =>
        withdrawPage({ courseActive: r.code === 'course_active', course: (await s.accounts.blockingCourse(memberId(c))) ?? 'points', errors: r.code === 'course_active' ? undefined : r.fields }),
    }),
  );

  return f;
}
