import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../gateway/env.js';
import type { Member } from '../core/members/ports.js';
import type { DeviceProfile } from '../carriers/index.js';
import { feature } from '../gateway/routes/feature.js';

/**
 * The shape of gateway/routes/ (issue 9): one small sub-app per feature, so the next features
 * land beside the others instead of growing a few large files.
 */
const root = join(import.meta.dirname, '..');

function routeFiles(): { path: string; lines: string[] }[] {
  const out: { path: string; lines: string[] }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) out.push({ path: relative(root, p), lines: readFileSync(p, 'utf8').split('\n') });
    }
  };
  walk(join(root, 'gateway', 'routes'));
  return out;
}

/** Each exported route factory (`export function fooRoutes(`) and its length, up to its closing brace. */
function routeFactories(file: { path: string; lines: string[] }): { name: string; lines: number }[] {
  const found: { name: string; lines: number }[] = [];
  file.lines.forEach((line, i) => {
    const m = /^export (?:async )?function (\w+Routes)\b/.exec(line);
    if (!m) return;
    const end = file.lines.findIndex((l, j) => j > i && l.startsWith('}'));
    found.push({ name: `${file.path}:${m[1]}`, lines: (end < 0 ? file.lines.length : end) - i + 1 });
  });
  return found;
}

describe('gateway/routes is one small sub-app per feature', () => {
  const files = routeFiles();

  it('has many feature modules, none over 300 lines', () => {
    expect(files.filter((f) => f.lines.length > 300).map((f) => `${f.path} (${f.lines.length})`)).toEqual([]);
    expect(files.length).toBeGreaterThan(12);
  });

  it('has no route factory over 80 lines', () => {
    const factories = files.flatMap(routeFactories);
    expect(factories.filter((f) => f.lines > 80).map((f) => `${f.name} (${f.lines})`)).toEqual([]);
    expect(factories.length).toBeGreaterThan(12);
  });

  it('never reaches for the composition root, and feature modules do not import each other', () => {
    const text = (f: { lines: string[] }) => f.lines.join('\n');
    expect(files.filter((f) => /from '[./]*bootstrap(\.js)?'/.test(text(f))).map((f) => f.path)).toEqual([]);
    // Shared helpers live in neutral modules (feature.ts, shared.ts), not in another feature.
    const crossImports = files.flatMap((f) => [...text(f).matchAll(/from '\.\/([\w-]+)\.js'/g)].map((m) => [f.path, m[1]!] as const)).filter(([, to]) => to !== 'feature' && to !== 'shared');
    expect(crossImports).toEqual([]);
  });

  it('declares auth levels and guards only through feature() (gateway/routes/feature.ts)', () => {
    const direct = files.filter((f) => f.path !== join('gateway', 'routes', 'feature.ts') && /\brequireMember\b/.test(f.lines.join('\n'))).map((f) => f.path);
    expect(direct).toEqual([]);
  });

  it('handles refused forms in one place (gateway/forms.ts), not with a try/catch per route', () => {
    const copies = files.filter((f) => /isDomainError\(e, 'invalid_input'\)/.test(f.lines.join('\n'))).map((f) => f.path);
    expect(copies).toEqual([]);
  });

  it('mounts every feature with app.route(); gateway/app.ts serves no page itself', () => {
    const app = readFileSync(join(root, 'gateway', 'app.ts'), 'utf8');
    expect(app).not.toMatch(/\bapp\.(get|post|all|on)\(/);
    expect(app).toMatch(/app\.route\(/);
  });
});

describe('feature(): one declaration per feature, enforced on each of its paths and nothing else', () => {
  /** A site of two features mounted at `/`, as gateway/app.ts mounts them, for a guest or a member. */
  function site(member: boolean) {
    const guarded: string[] = [];
    const members = feature({ auth: 'member', guestPaths: ['/things/:id{[0-9]+}'], areas: ['/box/*'], guards: [async (c, next) => (guarded.push(c.req.path), next())] });
    members.get('/things/new', (c) => c.text('form')).post('/things/new', (c) => c.text('written'));
    members.get('/things/:id{[0-9]+}', (c) => c.text('public thing'));
    members.get('/box', (c) => c.text('box'));
    const open = feature({ auth: 'guest' });
    open.get('/', (c) => c.text('welcome')).post('/login', (c) => c.text('signed in'));
    const app = new Hono<AppEnv>();
    app.use('*', async (c, next) => {
      c.set('render', { publicOrigin: 'http://ashiato.test', linkKey: Buffer.alloc(32) });
      c.set('device', { cookies: true, crawler: false } as DeviceProfile);
      c.set('sessionToken', null);
      c.set('member', member ? ({ id: 1 } as Member) : null);
      await next();
    });
    app.route('/', members.app);
    app.route('/', open.app);
    const go = async (method: string, path: string) => {
      const r = await app.request(path, { method });
      return `${r.status} ${r.headers.get('location') ?? (await r.text())}`;
    };
    return { go, guarded };
  }

  it('sends a guest to the login page on every method of a member path and anywhere in an area, even a missing page', async () => {
    const { go } = site(false);
    expect(await go('GET', '/things/new')).toBe('302 http://ashiato.test/login');
    expect(await go('POST', '/things/new')).toBe('302 http://ashiato.test/login');
    expect(await go('DELETE', '/things/new')).toBe('302 http://ashiato.test/login');
    expect(await go('GET', '/box')).toBe('302 http://ashiato.test/login');
    expect(await go('GET', '/box/nothing-here')).toBe('302 http://ashiato.test/login');
  });

  it('leaves its declared guest paths and every other feature open, and runs its guards only on its own paths', async () => {
    const { go, guarded } = site(false);
    expect(await go('GET', '/things/7')).toBe('200 public thing');
    expect(await go('GET', '/')).toBe('200 welcome');
    expect(await go('POST', '/login')).toBe('200 signed in');
    expect(await go('GET', '/elsewhere')).toMatch(/^404/);
    expect(guarded).toEqual(['/things/7']);
  });

  it('lets a member through, its guards running once per request', async () => {
    const { go, guarded } = site(true);
    expect(await go('POST', '/things/new')).toBe('200 written');
    expect(await go('GET', '/box')).toBe('200 box');
    expect(guarded).toEqual(['/things/new', '/box']);
  });
});
