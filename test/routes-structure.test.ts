import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

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
