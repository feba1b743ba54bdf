import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from './support/process.js';

/**
 * Two gateway processes on one database (as WORKERS=2 runs them, but on two ports so the test
 * chooses which process serves each request): a member's top page, kept by process A, shows at
 * once what another member wrote through process B, and drops them at once when they block.
 */
describe('the kept top page across two processes on one database', () => {
  let a: GatewayProcess | undefined;
  let b: GatewayProcess | undefined;
  let dbUrl = '';

  beforeAll(async () => {
    const env = (port: number, base: string, dir: string, db: string, seed: string) => ({ NODE_ENV: 'production', PORT: String(port), DATABASE_URL: db, MAIL_OUTBOX: `${dir}/out`, SEED_DEMO: seed, SECRET_KEY: 'top-cache-test-secret-top-cache-test-secret', LOG_LEVEL: 'info', PUBLIC_ORIGIN: base, ALLOWED_HOSTS: `127.0.0.1:${port}` });
    a = await startGatewayProcess(({ port, base, dir }) => env(port, base, dir, (dbUrl = `sqlite:${dir}/shared.db`), '1'));
    b = await startGatewayProcess(({ port, base, dir }) => env(port, base, dir, dbUrl, '0'));
  }, 120_000);

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  const PC = { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0' };
  const get = (p: GatewayProcess, path: string, cookie: string) => fetch(`${p.base}${path}`, { headers: { ...PC, Cookie: cookie }, redirect: 'manual' });

  /** Posts the form found on `formPath` (its hidden fields kept) with these values. */
  async function post(p: GatewayProcess, cookie: string, formPath: string, action: string, values: Record<string, string>) {
    const html = await (await get(p, formPath, cookie)).text();
    const form = [...html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].find((m) => m[1]!.split('?')[0] === action);
    expect(form, `a form to ${action} on ${formPath}`).toBeDefined();
    const hidden = Object.fromEntries([...form![2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    return fetch(`${p.base}${action}`, { method: 'POST', redirect: 'manual', headers: { ...PC, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...hidden, ...values }).toString() });
  }

  async function login(p: GatewayProcess, who: string): Promise<string> {
    const res = await fetch(`${p.base}/login`, { headers: PC });
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const done = await post(p, cookie, '/login', '/login', { login: who, password: 'ashiato-demo' });
    expect(done.status).toBe(302);
    return done.headers.get('set-cookie')!.split(';')[0]!;
  }

  it("shows a friend's entry written through the other process, and hides it when they block me there", async () => {
    const reader = await login(a!, 'demo');
    const writer = await login(b!, 'demo_au');
    const title = `別プロセスの日記${Date.now() % 100000}`;
    const before = await (await get(a!, '/', reader)).text();
    expect(before).not.toContain(title);
    expect(await (await get(a!, '/', reader)).text()).not.toContain(title); // kept by A
    expect((await post(b!, writer, '/diary/new', '/diary/new', { title, body: '本文', visibility: 'friends' })).status).toBe(302);
    expect(await (await get(a!, '/', reader)).text()).toContain(title);
    expect(await (await get(a!, '/', reader)).text()).toContain(title);
    const readerId = /href="\/members\/(\d+)"/.exec(before)![1];
    const writerId = /href="\/members\/(\d+)"/.exec(await (await get(b!, '/', writer)).text())![1];
    // The reader's hidden set, kept by A under the blocks counter read with the session.
    expect((await get(a!, `/members/${writerId}`, reader)).status).toBe(200);
    expect((await get(a!, `/members/${writerId}`, reader)).status).toBe(200);
    expect((await post(b!, writer, `/members/${readerId}`, `/members/${readerId}/block`, {})).status).toBe(302);
    const after = await (await get(a!, '/', reader)).text();
    expect(after).not.toContain(title);
    expect(after).not.toContain('auの花子');
    expect((await get(a!, `/members/${writerId}`, reader)).status).toBe(404);
  }, 60_000);
});
