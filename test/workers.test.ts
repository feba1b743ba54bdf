import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from './support/process.js';

/**
 * `npm start` with WORKERS=2, as production would run it on a 2-core machine: two processes
 * share the port, and what one learns (a session, a failed password) the other knows.
 */
describe('several gateway processes (WORKERS=2)', () => {
  let gateway: GatewayProcess | undefined;
  const output = () => gateway!.output();

  beforeAll(async () => {
    gateway = await startGatewayProcess(
      ({ port, base, dir }) => ({ NODE_ENV: 'production', WORKERS: '2', PORT: String(port), DATABASE_URL: `sqlite:${dir}/w.db`, MAIL_OUTBOX: `${dir}/out`, SEED_DEMO: '1', SECRET_KEY: 'workers-test-secret-workers-test-secret', LOG_LEVEL: 'info', PUBLIC_ORIGIN: base, ALLOWED_HOSTS: `127.0.0.1:${port}` }),
      { listening: 2 },
    );
  }, 70_000);

  afterAll(() => gateway?.stop());

  const PC = { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0' };

  async function form(path: string, cookie?: string) {
    const res = await fetch(`${gateway!.base}${path}`, { headers: { ...PC, ...(cookie ? { Cookie: cookie } : {}) } });
    const html = await res.text();
    const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    return { fields, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? cookie };
  }

  async function login(password: string) {
    const f = await form('/login');
    return fetch(`${gateway!.base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...PC, 'Content-Type': 'application/x-www-form-urlencoded', ...(f.cookie ? { Cookie: f.cookie } : {}) },
      body: new URLSearchParams({ ...f.fields, login: 'demo', password }).toString(),
    });
  }

  it('starts two processes, one of which migrated and seeded', () => {
    expect((output().match(/Ashiato gateway listening/g) ?? []).length).toBe(2);
    expect((output().match(/demo data seeded/g) ?? []).length).toBe(1);
  });

  it('keeps a session across processes, and counts failed passwords across them', async () => {
    const ok = await login('ashiato-demo');
    expect(ok.status).toBe(302);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    // Many requests: the kernel spreads them over both processes; every one knows the session.
    const pages = await Promise.all(Array.from({ length: 12 }, () => fetch(`${gateway!.base}/footprints`, { headers: { ...PC, Cookie: cookie }, redirect: 'manual' })));
    expect(pages.map((p) => p.status)).toEqual(Array(12).fill(200));
    // Ten wrong passwords (over both processes), then even the right one is refused for a while.
    for (let i = 0; i < 10; i++) expect((await login('wrong-password')).status).toBe(401);
    expect((await login('ashiato-demo')).status).toBe(429);
  }, 60_000);
});
