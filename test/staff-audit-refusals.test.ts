import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { Handset, UA } from './support/handset.js';
import { signedInMember } from './support/members.js';
import { staffSession } from './support/staff.js';

/** The audit log also holds what staff tried and were refused: wrong passwords, another role's pages. */
describe.each(dialects())('staff audit of refusals (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, { SEED_DEMO: '0' });

  it("writes a wrong staff password and a role's refused page or action to the audit log an admin reads", async () => {
    const target = await signedInMember(gw, 'pc');
    const sup = await staffSession(gw, 'support');
    expect((await sup.h.get('/staff/audit', false)).status).toBe(403);
    // A real token from a form of support's own (the sign-out form): only the role refuses it.
    await sup.h.get('/staff');
    const csrf = sup.h.formTo(/\/staff\/logout$/).fields.csrf ?? '';
    expect(csrf).not.toBe('');
    const forged = await sup.h.open('POST', `/staff/members/${target.id}/suspend`, new URLSearchParams({ csrf, reason: 'x' }).toString(), 'application/x-www-form-urlencoded', false);
    expect(forged.status).toBe(403);

    const guesser = new Handset(gw, UA.pc, { keepsCookies: true });
    await guesser.get('/staff/login');
    await guesser.submit(guesser.form('password'), { login: sup.login, password: 'not-the-password-1' });
    expect(guesser.last.status).toBe(401);

    const admin = await staffSession(gw, 'admin');
    await admin.h.get('/staff/audit');
    const text = admin.h.last.text;
    expect(text).toContain('login.failed');
    expect(text).toContain('audit: GET /staff/audit');
    expect(text).toContain(`suspend: POST /staff/members/${target.id}/suspend`);
    expect((await gw.booted.services.members.byId(target.id))!.status).toBe('active');
  });
});
