import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The house rules README's Layout section promises, checked on the source text: a rule only a
 * reviewer remembers is broken by the next feature.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every .ts file of the project (repository-relative, `/`-separated), tests and tools included. */
function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) out.push(relative(ROOT, p).split('\\').join('/'));
    }
  };
  walk(ROOT);
  return out.sort();
}

/** `file:line: text` for each code line (comments are prose) of the selected files that matches. */
function offending(files: string[], pattern: RegExp, allowed: (file: string, line: string) => boolean = () => false): string[] {
  const hits: string[] = [];
  for (const file of files) {
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const code = line.trim();
        if (/^(?:\/\/|\/?\*)/.test(code)) return;
        if (pattern.test(line) && !allowed(file, code)) hits.push(`${file}:${i + 1}: ${line.trim()}`);
      });
  }
  return hits;
}

const all = sourceFiles();
/** Application code: not tests and their config, not generators or benchmarks (they drive the app from outside). */
const app = all.filter((f) => !/^(test|scripts|bench)\//.test(f) && f !== 'vitest.config.ts');

describe('carrier names are compared only inside carriers/', () => {
  // Every CarrierId: the four carriers, and the two web "carriers" (smartphone, pc).
  const IDS = 'docomo|au|softbank|willcom|smartphone|pc';
  const NAME = `(?:'(?:${IDS})'|"(?:${IDS})"|\`(?:${IDS})\`)`;
  // `x === 'au'`, `'au' !== x`, `case 'au':`, `['docomo', 'willcom'].includes(x)`.
  const COMPARISON = new RegExp(`(?:[!=]==?\\s*${NAME})|(?:${NAME}\\s*[!=]==?)|(?:\\bcase\\s+${NAME}\\s*:)|(?:${NAME}\\s*\\]\\s*(?:as const\\s*)?\\)?\\.(?:includes|indexOf)\\()`);
  /**
   * The emoji engine's pictogram sets carry the carriers' names as set identities (the au set
   * has a second code table, only the SoftBank set has webcodes); those two lines pick a set's
   * own tables, not a carrier's behaviour. Exactly these lines, nothing else in the file.
   */
  const PICTOGRAM_SET_LINES: Record<string, string[]> = {
    'emoji/input.ts': [
      "if (carrier === 'au') for (const [cp, p] of t.auAutoToPictogram) if (cp >= 0xe000 && cp <= 0xf8ff) table[cp - 0xe000] = p.internal;",
      "if (m[1] !== undefined && carrier === 'softbank') {",
    ],
  };

  it('finds comparisons where they are written (the check itself works)', () => {
    const probe = new RegExp(COMPARISON.source);
    for (const line of ["if (c === 'docomo') x();", "return carrier === \"au\" ? a : b;", "  case 'softbank':", "'willcom' !== id", "if (c == `pc`) y();", "if (['docomo', 'willcom'].includes(c)) z();"]) expect(probe.test(line), line).toBe(true);
    for (const line of ["const id = 'docomo';", "carrierById('au')", "mail: { charset: 'UTF-8' }", "if (form === 'au-sjis')"]) expect(probe.test(line), line).toBe(false);
  });

  it('has none outside carriers/ (application code asks the adapter: Carrier.mail, DeviceProfile)', () => {
    const outside = app.filter((f) => !f.startsWith('carriers/'));
    expect(outside.length).toBeGreaterThan(50);
    expect(offending(outside, COMPARISON, (file, line) => PICTOGRAM_SET_LINES[file]?.includes(line) ?? false)).toEqual([]);
  });
});

describe('one place for each shared fact', () => {
  it('writes the Japan-time offset only in core/time.ts', () => {
    const offset = /9 \* 3_?600_?000|9 \* 60 \* 60|32_?400_?000|3_?600_?000 \* 9|['"]Asia\/Tokyo['"]/;
    expect(offending(app.filter((f) => f !== 'core/time.ts'), offset)).toEqual([]);
  });

  it('escapes HTML in one function (templates/escape.ts)', () => {
    // A replacement table or a character-reference builder is an escaper of its own.
    const escaper = /['"]&(?:amp|lt|gt|quot|#39);['"]|`&#\$\{/;
    expect(offending(app.filter((f) => f !== 'templates/escape.ts'), escaper)).toEqual([]);
  });

  it('maps zod issues to field errors in one helper (core/validate.ts)', () => {
    expect(offending(app.filter((f) => f !== 'core/validate.ts'), /\.issues\b/)).toEqual([]);
  });

  it('reads request headers and cookies, and prepares response headers, in gateway/headers.ts', () => {
    // A cookie or header set elsewhere before a page would not tell the page's whole response
    // (gateway/headers.ts, wholeResponse) to keep it; a request header read elsewhere builds the
    // web Headers the gateway avoids.
    const direct = /\bc\.header\(|\bc\.req\.header\(|from ['"]hono\/cookie['"]|\breq\.raw\.headers\b/;
    expect(offending(app.filter((f) => f !== 'gateway/headers.ts'), direct)).toEqual([]);
  });

  it('serves the gateway over HTTP in one place (gateway/serve.ts), tests and benches too', () => {
    // A server made elsewhere would lose the slow-client limits and the responses sent together at
    // the end of a loop turn, and a test or bench on it would measure something npm start is not.
    // The benches' plain Hono "hello" is the ceiling they compare against: plain on purpose. (Other
    // servers in tests stand for outsiders: a carrier, a feed.)
    const serving = /^\s*import\s*\{[^}]*\bserve\b[^}]*\}\s*from\s*['"]@hono\/node-server['"]/;
    const allowed = new Set(['gateway/serve.ts', 'bench/server.ts', 'bench/load-hello.ts']);
    expect(offending(all.filter((f) => !allowed.has(f)), serving)).toEqual([]);
  });
});

describe('dependencies point one way', () => {
  const imports = (files: string[], target: RegExp) => offending(files, new RegExp(`^\\s*(?:import|export)\\b.*from\\s+['"]${target.source}`));

  it('nothing outside gateway/ imports gateway/ (page splitting is in templates/, with the page tree)', () => {
    expect(imports(app.filter((f) => !f.startsWith('gateway/')), /(?:\.\.\/)+gateway\//)).toEqual([]);
  });

  it('emoji/ imports nothing from scripts/ (the generator imports the table types from emoji/)', () => {
    expect(imports(all.filter((f) => f.startsWith('emoji/')), /\.\.\/scripts\//)).toEqual([]);
  });

  it('only entry points read process.env (everything else gets the validated config)', () => {
    const entryPoints = new Set(['gateway/main.ts', 'gateway/migrate.ts', 'gateway/ads-cli.ts']);
    expect(offending(app.filter((f) => !entryPoints.has(f)), /process\.env\b/)).toEqual([]);
  });
});
