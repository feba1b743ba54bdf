import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { Handset, UA } from './support/handset.js';
import { signedInMember } from './support/members.js';
import { auditActions, staffSession, STAFF_PASSWORD } from './support/staff.js';

describe.each(dialects())('staff console: accounts, roles, isolation, audit (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, { SEED_DEMO: '0' });
  const s = () => gw.booted.services;

  it('keeps staff and member sessions apart: a member never reaches /staff, a staff cookie is no member session', async () => {
    const m = await signedInMember(gw, 'pc');
    for (const path of ['/staff', '/staff/reports', '/staff/members?q=1', '/staff/ng-words', '/staff/audit']) {
      const r = await m.h.get(path, false);
      expect(r.status, path).toBe(302);
      expect(r.headers.get('location'), path).toMatch(/\/staff\/login$/);
    }
    const pre = await auditActions(gw);
    const suspend = await m.h.open('POST', `/staff/members/${m.id}/suspend`, 'reason=x', 'application/x-www-form-urlencoded', false);
    expect(suspend.status).not.toBe(200);
    expect((await s().members.byId(m.id))!.status).toBe('active');
    expect(await auditActions(gw)).toEqual(pre);

    const admin = await staffSession(gw, 'admin');
    // The staff cookie is scoped to /staff and is not a member session anywhere else.
    expect([...admin.h.cookies.keys()]).not.toContain('sid');
    await admin.h.get('/');
    expect(admin.h.signedIn()).toBe(false);
    const sent = await admin.h.get('/diary/new', false);
    expect(sent.status).toBe(302);
    expect(sent.headers.get('location')).toMatch(/\/login$/);
  });

  it('shows each role only what it allows (pages and actions), and an admin everything', async () => {
    const target = await signedInMember(gw, 'pc', { mail: 'roles@example.com' });
    const mod = await staffSession(gw, 'moderator');
    const sup = await staffSession(gw, 'support');
    const admin = await staffSession(gw, 'admin');
    const code = async (h: Handset, path: string) => (await h.get(path, false)).status;

    expect(mod.h.last.text).toContain('通報の一覧');
    expect(mod.h.last.text).not.toContain('/staff/ng-words');
    expect(mod.h.last.text).not.toContain('/staff/accounts');
    for (const p of ['/staff/ng-words', '/staff/accounts', '/staff/audit']) expect(await code(mod.h, p), p).toBe(403);
    await mod.h.get(`/staff/members/${target.id}`);
    expect(mod.h.last.text).toContain('利用停止にする');
    expect(mod.h.last.text).not.toContain('ポイント残高');

    expect(sup.h.last.text).toContain('メンバー検索');
    expect(sup.h.last.text).not.toContain('通報の一覧');
    for (const p of ['/staff/reports', '/staff/hidden', '/staff/ng-words', '/staff/accounts', '/staff/audit']) expect(await code(sup.h, p), p).toBe(403);
    await sup.h.get(`/staff/members/${target.id}`);
    expect(sup.h.last.text).toContain('ポイント残高: 0');
    expect(sup.h.last.text).not.toContain('利用停止にする');
    // A forged suspend from support's own page (valid CSRF) is still refused by role.
    await sup.h.get('/staff/members');
    const csrf = sup.h.form('q').fields.csrf ?? parseCsrf(sup.h.last.text);
    const forged = await sup.h.open('POST', `/staff/members/${target.id}/suspend`, new URLSearchParams({ csrf, reason: 'x' }).toString(), 'application/x-www-form-urlencoded', false);
    expect(forged.status).toBe(403);
    expect((await s().members.byId(target.id))!.status).toBe('active');

    for (const p of ['/staff/reports', '/staff/hidden', '/staff/ng-words', '/staff/accounts', '/staff/audit', `/staff/members/${target.id}`]) expect(await code(admin.h, p), p).toBe(200);
  });

  it('looks members up by id, login and mail (each lookup audited)', async () => {
    const m = await signedInMember(gw, 'au', { mail: 'lookup-me@ezweb.ne.jp', nickname: '探され花子' });
    const sup = await staffSession(gw, 'support');
    for (const q of [String(m.id), m.login, 'LOOKUP-ME@ezweb.ne.jp']) {
      await sup.h.get(`/staff/members?q=${encodeURIComponent(q)}`);
      expect(sup.h.last.text, q).toContain(`探され花子 (ID ${m.id}`);
    }
    await sup.h.get('/staff/members?q=nobody-here');
    expect(sup.h.last.text).toContain('見つかりませんでした');
    expect((await auditActions(gw)).filter((a) => a === `member.lookup member:${m.id}`)).toHaveLength(3);
  });

  it('throttles staff sign-in (a right password is refused after five wrong ones) and asks strong passwords of new staff', async () => {
    const admin = await staffSession(gw, 'admin');
    const guess = new Handset(gw, UA.pc, { keepsCookies: true });
    for (let i = 0; i < 5; i++) {
      await guess.get('/staff/login');
      await guess.submit(guess.form('password'), { login: admin.login, password: `wrong-${i}` });
      expect(guess.last.status).toBe(401);
    }
    await guess.get('/staff/login');
    await guess.submit(guess.form('password'), { login: admin.login, password: STAFF_PASSWORD });
    expect(guess.last.status).toBe(429);
    expect(guess.last.text).toContain('試行回数が多すぎます');
    expect(guess.last.url).toBe('/staff/login');

    await admin.h.get('/staff/accounts');
    for (const password of ['short1!', 'onlyletterslong', 'newmod-x-123456']) {
      await admin.h.submit(admin.h.form('password'), { login: 'newmod-x', name: '新人', role: 'moderator', password });
      expect(admin.h.last.status, password).toBe(400);
    }
    expect(await s().store.staff.byLogin('newmod-x')).toBeNull();
    await admin.h.submit(admin.h.form('password'), { login: 'newmod-x', name: '新人', role: 'moderator', password: 'Kanri-2026-strong' });
    expect(admin.h.last.text).toContain('newmod-x');
    expect((await auditActions(gw)).at(-1)).toMatch(/^staff\.create staff:\d+$/);
  });

  it('writes the audit log append-only: no update or delete path exists in its repository or anywhere in db/', async () => {
    expect(Object.keys(s().store.staffAudit).sort()).toEqual(['append', 'recent']);
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const offenders = [...files('db'), ...files('core'), ...files('gateway')].filter((f) => /(updateTable|deleteFrom)\(\s*'staff_audit'/.test(readFileSync(f, 'utf8')) || /sql`[^`]*(update|delete from)\s+staff_audit/i.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

function parseCsrf(html: string): string {
  return /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
}

describe.each(dialects())('staff console: demo staff (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);

  it('signs the seeded demo staff in from this machine only', async () => {
    const h = new Handset(gw, UA.pc, { keepsCookies: true });
    await h.get('/staff/login');
    await h.submit(h.form('password'), { login: 'demo-staff', password: 'ashiato-demo' });
    expect(h.last.url).toBe('/staff');
    expect(h.last.text).toContain('デモスタッフ');
    const stranger = new Handset(gw, UA.pc, { keepsCookies: true, ip: '198.51.100.7' });
    await stranger.get('/staff/login');
    await stranger.submit(stranger.form('password'), { login: 'demo-staff', password: 'ashiato-demo' });
    expect(stranger.last.status).toBe(403);
    expect(stranger.last.text).toContain('デモ用のアカウント');
  });
});
