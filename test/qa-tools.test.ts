import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, Handset, NOT_CARRIER_IP, UA } from './support/handset.js';
import { startGatewayProcess, type GatewayProcess } from './support/process.js';
import { loadConfig, ConfigError } from '../gateway/config.js';

const STRANGER = NOT_CARRIER_IP;
const PC = { 'User-Agent': UA.pc };
const TOOLS = ['/emulator', '/emulator/view?h=docomo-n905i&u=%2F', '/emulator/outbox', '/emulator/raw?h=docomo-n905i&u=%2Fqa%2Fsample.swf', '/sandbox/billing/console'];
/** Tools that answer this machine with 404/400 until used (the source of a page received, a movie's own request). */
const MORE_TOOLS = ['/emulator/source?h=docomo-n905i', '/emulator/flash/docomo-n905i/1/DEMO001/games/mash/score?t=x&s=1'];
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * The QA tools forge carrier identities (emulator), show other people's mail (outbox) and bill or
 * end contracts (sandbox console): a plain start serves them to this machine only.
 */
describe('QA tools in development (the default)', () => {
  const gw = gatewayForSuite('sqlite', {});

  it('are refused to a stranger, with a page that says how to reach them, and nothing forged leaks', async () => {
    for (const path of [...TOOLS, ...MORE_TOOLS]) {
      const res = await gw.request('GET', path, { headers: PC, peer: STRANGER });
      const text = await res.text();
      expect([path, res.status]).toEqual([path, 403]);
      expect(text).toContain('only this machine');
      expect(text).not.toMatch(/sid=|ドコモ太郎|docomo N905i/);
    }
    // Their forms too: a stranger cannot run the month's billing or view as a handset.
    expect((await gw.request('POST', '/sandbox/billing/console/run', { headers: { ...PC, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'month=2099-01', peer: STRANGER })).status).toBe(403);
    expect((await gw.request('POST', '/emulator/view?h=docomo-n905i&u=%2Flogin', { headers: { ...PC, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'login=demo', peer: STRANGER })).status).toBe(403);
  });

  it('are served to this machine with no extra step', async () => {
    for (const path of TOOLS) {
      const res = await gw.request('GET', path, { headers: PC });
      expect([path, res.status]).toEqual([path, 200]);
    }
    const res = await gw.request('GET', '/emulator', { headers: PC });
    expect(await res.text()).toContain('docomo N905i');
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
  });

  it('refuse a form another site makes a local browser send', async () => {
    const evil = await gw.request('POST', '/sandbox/billing/console/run', {
      headers: { ...PC, Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'month=2026-11',
    });
    expect(evil.status).toBe(403);
    expect(await evil.text()).toContain('only from their own pages');
    // Origin: null with nothing to vouch for it is refused too.
    const opaque = await gw.request('POST', '/sandbox/billing/console/run', { headers: { ...PC, Origin: 'null', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'month=2026-11' });
    expect(opaque.status).toBe(403);
    // A browser under a no-referrer page sends Origin: null with its own forms; Sec-Fetch-Site vouches.
    const own = new Handset(gw, UA.pc, { keepsCookies: true, headers: { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' } });
    await own.get('/sandbox/billing/console');
    await own.submit(own.formTo(/\/console\/run/), { month: '2026-11' });
    expect(own.last.status).toBe(200);
    // A browser sends `Origin: null` for the tools' own forms (their pages say no-referrer):
    // believed only with Sec-Fetch-Site: same-origin, which another site cannot send.
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const ownForm = await gw.request('POST', '/emulator/view?h=docomo-n905i&u=%2Flogin', { headers: { ...PC, ...form, Origin: 'null', 'Sec-Fetch-Site': 'same-origin' }, body: 'login=demo&password=ashiato-demo' });
    expect(ownForm.status).toBe(200);
    expect(await ownForm.text()).toContain('docomo N905i');
    for (const site of ['cross-site', 'same-site', undefined]) {
      const headers: Record<string, string> = { ...PC, ...form, Origin: 'null', ...(site ? { 'Sec-Fetch-Site': site } : {}) };
      const res = await gw.request('POST', '/sandbox/billing/console/run', { headers, body: 'month=2026-11' });
      expect([site, res.status]).toEqual([site, 403]);
    }
    // The console's own form, from its own page, still works.
    const qa = new Handset(gw, UA.pc, { keepsCookies: true, headers: { Origin: gw.origin, 'Sec-Fetch-Site': 'same-origin' } });
    await qa.get('/sandbox/billing/console');
    await qa.submit(qa.formTo(/\/console\/run/), { month: '2026-11' });
    expect(qa.last.status).toBe(200);
  });

  it('refuse requests a proxy forwarded, even one left out of TRUST_PROXY (every stranger then arrives from loopback)', async () => {
    const forwarded: Record<string, string>[] = [{ 'X-Forwarded-For': STRANGER }, { Forwarded: `for=${STRANGER}` }, { 'X-Real-IP': STRANGER }, { Via: '1.1 nginx' }];
    for (const headers of forwarded) {
      for (const path of TOOLS) {
        const res = await gw.request('GET', path, { headers: { ...PC, ...headers } });
        expect([headers, path, res.status]).toEqual([headers, path, 403]);
        expect(await res.text()).toContain('only this machine');
      }
    }
  });

  it('reach the console through the emulator (its soft key) for a local QA engineer only', async () => {
    const local = await gw.request('GET', `/emulator/view?h=docomo-n905i&u=${encodeURIComponent('/sandbox/billing/console')}`, { headers: PC });
    expect(await local.text()).toContain('月次課金を実行する月');
    const far = await gw.request('GET', `/emulator/view?h=docomo-n905i&u=${encodeURIComponent('/sandbox/billing/console')}`, { headers: PC, peer: STRANGER });
    expect(far.status).toBe(403);
  });

  it('judge the client after trusted proxies: a stranger behind a local proxy is still a stranger', async () => {
    const proxied = await startGateway('sqlite', { TRUST_PROXY: '127.0.0.1' });
    try {
      const far = await proxied.request('GET', '/emulator', { headers: { ...PC, 'X-Forwarded-For': STRANGER } });
      expect(far.status).toBe(403);
      // A forged X-Forwarded-For from a stranger does not make it local either.
      const forged = await proxied.request('GET', '/emulator', { headers: { ...PC, 'X-Forwarded-For': '127.0.0.1' }, peer: STRANGER });
      expect(forged.status).toBe(403);
      expect((await proxied.request('GET', '/emulator', { headers: PC })).status).toBe(200);
      // What the proxy reports as loopback is a claim, not this machine: every spelling refused.
      for (const xff of ['127.0.0.1', '::1', `${STRANGER}, ::1`, `${STRANGER}, [::1]`, `${STRANGER}, 0:0:0:0:0:0:0:1`, '']) {
        for (const path of TOOLS) {
          const res = await proxied.request('GET', path, { headers: { ...PC, 'X-Forwarded-For': xff } });
          expect([xff, path, res.status]).toEqual([xff, path, 403]);
          expect(await res.text()).not.toMatch(/sid=|ドコモ太郎|docomo N905i/);
        }
      }
      const run = await proxied.request('POST', '/sandbox/billing/console/run', { headers: { ...PC, 'X-Forwarded-For': '127.0.0.1', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'month=2026-11' });
      expect(run.status).toBe(403);
    } finally {
      await proxied.close();
    }
  });
});

describe('demo members in development', () => {
  const gw = gatewayForSuite('sqlite', {});

  it('sign in with their published password only from this machine, never from a stranger', async () => {
    const far = new Handset(gw, UA.pc, { keepsCookies: true, ip: STRANGER });
    await far.passwordLogin('demo', 'ashiato-demo');
    expect(far.last.status).toBe(403);
    expect(far.last.text).toContain('デモ用のアカウント');
    expect(far.signedIn()).toBe(false);
    const iphone = new Handset(gw, UA.iphone, { keepsCookies: true, ip: STRANGER });
    await iphone.passwordLogin('demo_docomo', 'ashiato-demo');
    expect(iphone.signedIn()).toBe(false);
    // A stranger behind a proxy on this machine is still a stranger.
    const proxied = new Handset(gw, UA.pc, { keepsCookies: true, headers: { 'X-Forwarded-For': STRANGER } });
    await proxied.passwordLogin('demo', 'ashiato-demo');
    expect(proxied.signedIn()).toBe(false);
    // This machine (a local browser, or a local proxy in front of carriers) is fine.
    const local = new Handset(gw, UA.pc, { keepsCookies: true });
    await local.passwordLogin('demo', 'ashiato-demo');
    expect(local.last.text).toContain('ウィルコム美咲');
  });

  it('still sign in by easy login from their carrier gateway, as the contract says', async () => {
    const docomo = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: ['X-DCMGUID', 'DEMO001'] });
    await docomo.easyLogin();
    expect(docomo.last.text).toContain('ドコモ太郎');
  });
});

describe('QA tools with QA_PASSWORD', () => {
  const password = 'qa-password-for-tests-0123';
  const gw = gatewayForSuite('sqlite', { QA_PASSWORD: password });

  it('ask strangers for the password and let them in with it', async () => {
    const asked = await gw.request('GET', '/emulator', { headers: PC, peer: STRANGER });
    expect(asked.status).toBe(401);
    expect(asked.headers.get('WWW-Authenticate')).toMatch(/^Basic realm=/);
    const wrong = await gw.request('GET', '/emulator', { headers: { ...PC, Authorization: basic('qa', `${password}x`) }, peer: STRANGER });
    expect(wrong.status).toBe(401);
    expect((await gw.request('GET', '/emulator', { headers: { ...PC, Authorization: basic('admin', password) }, peer: STRANGER })).status).toBe(401);
    const ok = await gw.request('GET', '/emulator/outbox', { headers: { ...PC, Authorization: basic('qa', password) }, peer: STRANGER });
    expect(ok.status).toBe(200);
  });
});

describe('QA tools and demo data in production', () => {
  it('refuse to start tools without QA_PASSWORD, naming the variable', () => {
    const base = { NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(32) };
    expect(() => loadConfig({ ...base, EMULATOR: '1' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, EMULATOR: '1' })).toThrow(/EMULATOR.*QA_PASSWORD/);
    expect(() => loadConfig({ ...base, BILLING_SANDBOX: '1' })).toThrow(/BILLING_SANDBOX.*QA_PASSWORD/);
    expect(() => loadConfig({ ...base, QA_PASSWORD: 'short' })).toThrow(/QA_PASSWORD/);
    const c = loadConfig(base);
    expect([c.emulator, c.billingSandbox, c.seedDemo]).toEqual([false, false, false]);
    expect(loadConfig({ ...base, SEED_DEMO: '1' }).seedDemo).toBe(true);
    expect(loadConfig({}).seedDemo).toBe(true);
  });

  it('seed no demo members, serve no tools, and ask for the password even on loopback', async () => {
    const password = 'qa-password-for-tests-0123';
    const gw = await startGateway('sqlite', { NODE_ENV: 'production', EMULATOR: '1', QA_PASSWORD: password });
    try {
      const pc = new Handset(gw, UA.pc, { keepsCookies: true });
      await pc.passwordLogin('demo', 'ashiato-demo');
      expect(pc.last.text).not.toContain('ウィルコム美咲');
      expect(pc.signedIn()).toBe(false);
      expect(await gw.booted.services.store.members.count()).toBe(0);
      expect((await gw.request('GET', '/emulator', { headers: PC })).status).toBe(401);
      expect((await gw.request('GET', '/emulator', { headers: { ...PC, Authorization: basic('qa', password) } })).status).toBe(200);
      expect((await gw.request('GET', '/sandbox/billing/console', { headers: PC })).status).toBe(404);
    } finally {
      await gw.close();
    }
  });
});

describe('PC and smartphone pages', () => {
  const gw = gatewayForSuite('sqlite', {});

  it('cannot be framed by another site and load nothing from elsewhere', async () => {
    for (const ua of [UA.pc, UA.iphone]) {
      const res = await gw.request('GET', '/login', { headers: { 'User-Agent': ua } });
      expect(res.headers.get('X-Frame-Options')).toBe('DENY');
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      const csp = res.headers.get('Content-Security-Policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("form-action 'self'");
    }
  });
});

/** `npm start` as a newcomer runs it, reached over a real socket through a local proxy. */
describe('npm start, as started from the README', () => {
  let gateway: GatewayProcess | undefined;

  beforeAll(async () => {
    gateway = await startGatewayProcess(({ port, dir }) => ({ PORT: String(port), DATABASE_URL: `sqlite:${dir}/a.db`, MAIL_OUTBOX: `${dir}/out`, LOG_LEVEL: 'info', TRUST_PROXY: '127.0.0.1', NODE_ENV: undefined }));
  }, 70_000);

  afterAll(() => gateway?.stop());

  it('says loudly at start what it exposes, and to whom', () => {
    const output = gateway!.output();
    expect(output).toMatch(/QA TOOLS ON: handset emulator and mail outbox \(\/emulator\); sandbox carrier billing console[^"]*answer this machine only/);
    expect(output).toContain('DEMO DATA');
  });

  it('opens the emulator at localhost and refuses it to a stranger behind the proxy', async () => {
    const base = gateway!.base;
    expect((await fetch(`${base}/emulator`, { headers: PC })).status).toBe(200);
    for (const path of TOOLS) {
      const res = await fetch(`${base}${path}`, { headers: { ...PC, 'X-Forwarded-For': STRANGER } });
      expect([path, res.status]).toEqual([path, 403]);
    }
  });
});
