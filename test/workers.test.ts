import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm start` with WORKERS=2, as production would run it on a 2-core machine: two processes
 * share the port, and what one learns (a session, a failed password) the other knows.
 */
describe('several gateway processes (WORKERS=2)', () => {
  let child: ChildProcess;
  let dir: string;
  let output = '';
  const port = 3600 + Math.floor(Math.random() * 50); // below 3659, a port fetch() refuses
  const base = `http://127.0.0.1:${port}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ashiato-workers-'));
    child = spawn(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], {
      env: { ...process.env, NODE_ENV: 'production', WORKERS: '2', PORT: String(port), DATABASE_URL: `sqlite:${dir}/w.db`, MAIL_OUTBOX: `${dir}/out`, SEED_DEMO: '1', SECRET_KEY: 'workers-test-secret-workers-test-secret', LOG_LEVEL: 'info', PUBLIC_ORIGIN: base, ALLOWED_HOSTS: `127.0.0.1:${port}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 60_000;
    while ((output.match(/Ashiato gateway listening/g) ?? []).length < 2) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`gateway did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 70_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const PC = { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0' };

  async function form(path: string, cookie?: string) {
    const res = await fetch(`${base}${path}`, { headers: { ...PC, ...(cookie ? { Cookie: cookie } : {}) } });
    const html = await res.text();
    const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    return { fields, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? cookie };
  }

  async function login(password: string) {
    const f = await form('/login');
    return fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...PC, 'Content-Type': 'application/x-www-form-urlencoded', ...(f.cookie ? { Cookie: f.cookie } : {}) },
      body: new URLSearchParams({ ...f.fields, login: 'demo', password }).toString(),
    });
  }

  it('starts two processes, one of which migrated and seeded', () => {
    expect((output.match(/Ashiato gateway listening/g) ?? []).length).toBe(2);
    expect((output.match(/demo data seeded/g) ?? []).length).toBe(1);
  });

  it('keeps a session across processes, and counts failed passwords across them', async () => {
    const ok = await login('ashiato-demo');
    expect(ok.status).toBe(302);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    // Many requests: the kernel spreads them over both processes; every one knows the session.
    const pages = await Promise.all(Array.from({ length: 12 }, () => fetch(`${base}/footprints`, { headers: { ...PC, Cookie: cookie }, redirect: 'manual' })));
    expect(pages.map((p) => p.status)).toEqual(Array(12).fill(200));
    // Ten wrong passwords (over both processes), then even the right one is refused for a while.
    for (let i = 0; i < 10; i++) expect((await login('wrong-password')).status).toBe(401);
    expect((await login('ashiato-demo')).status).toBe(429);
  }, 60_000);
});
