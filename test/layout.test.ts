import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** Every TypeScript source file under a folder, relative to the repository. */
function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.ts'))
    .map((p) => join(dir, p))
    .map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
}

describe('the house plan', () => {
  it('keeps all of gateway/ off the repositories: only the composition root hands them to services', () => {
    const roots = [join('gateway', 'bootstrap.ts'), join('gateway', 'wiring.ts')];
    const offenders = sources('gateway')
      .filter((f) => !roots.includes(f.path))
      .filter((f) => /\bstore\.(?!ping\(\)|js')\w+/.test(f.text))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('gives no service the whole store: only the demo seeder and the aggregate itself import it', () => {
    const holders = sources('core')
      .filter((f) => /from '(\.\.?\/)+store\.js'/.test(f.text))
      .map((f) => f.path)
      .sort();
    expect(holders).toEqual([join('core', 'demo.ts')]);
  });

  it('keeps each feature in its own folder, with its ports beside its service', () => {
    const features = readdirSync(join(root, 'core'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(features.length).toBeGreaterThan(10);
    for (const f of features) expect(readdirSync(join(root, 'core', f))).toContain('service.ts');
  });

  it('keeps db/ to one repository per file', () => {
    const many = sources('db')
      .filter((f) => !f.path.includes('migrations'))
      .filter((f) => (f.text.match(/\): \w+Repository \{/g) ?? []).length > 1)
      .map((f) => f.path);
    expect(many).toEqual([]);
  });
});
