import { prepareHeader } from '../headers.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { limitClient } from '../middleware/session.js';
import { DomainError } from '../../core/errors.js';
import { mailVerifiedPage, mailVerifyPage, resetDonePage, resetFormPage, resetRequestPage } from '../../templates/pages/account.js';
import { feature, type Feature } from './feature.js';

/**
 * Password reset by a one-time link to the verified mail address, and the link that confirms a new
 * mail address: guests' pages (a link opened on a handset without cookies works; the token rides
 * in a hidden field, never in a cookie).
 */
export function passwordResetRoutes(s: Services): Feature {
  const f = feature({ auth: 'guest' });

  f.get('/password/reset', async (c) => {
    const token = c.get('query').get('token');
    if (token === undefined) return sendPage(c, resetRequestPage());
    const target = await s.accounts.resetTarget(token);
    if (!target) throw new DomainError('token_invalid');
    prepareHeader(c, 'Cache-Control', 'no-store');
    return sendPage(c, resetFormPage(token, target.nickname));
  });
  f.post('/password/reset', (c) => {
    const who = c.get('form').get('who') ?? '';
    return handleForm(c, {
      act: async () => {
        await s.accounts.requestReset(who, limitClient(c));
        return sendPage(c, resetRequestPage(who, undefined, true));
      },
      refuse: (e) => (e.code === 'rate_limited' ? 429 : e.code === 'invalid_input' ? 400 : null),
      rerender: (r) => resetRequestPage(who, r.fields),
    });
  });
  f.post('/password/reset/new', async (c) => {
    const token = c.get('form').get('token') ?? '';
    const target = await s.accounts.resetTarget(token);
    if (!target) throw new DomainError('token_invalid');
    return handleForm(c, {
      act: async () => {
        await s.accounts.reset(token, c.get('form').get('password') ?? '', c.get('form').get('password2') ?? '');
        return sendPage(c, resetDonePage());
      },
      rerender: (r) => resetFormPage(token, target.nickname, r.fields),
    });
  });

  f.get('/mail/verify', async (c) => {
    const token = c.get('query').get('token') ?? '';
    const target = await s.accounts.resetTarget(token, 'change');
    if (!target) throw new DomainError('token_invalid');
    return sendPage(c, mailVerifyPage(token, target.nickname, target.mail));
  });
  f.post('/mail/verify', async (c) => {
    await s.accounts.confirmMailChange(c.get('form').get('token') ?? '');
    return sendPage(c, mailVerifiedPage());
  });

  return f;
}
