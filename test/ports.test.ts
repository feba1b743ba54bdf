import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BAD_PORTS, freePort } from './support/ports.js';

/** The ports test servers take (test/support/ports.ts): one a browser reaches, free, and outside the kernel's own range. */
describe('freePort', () => {
  it('gives ports a browser will open, below the ephemeral range, that a server can bind', async () => {
    for (let i = 0; i < 30; i++) {
      const port = await freePort();
      expect(BAD_PORTS.has(port)).toBe(false);
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(32_768);
      const server = createServer();
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
      await new Promise((r) => server.close(r));
    }
  });

  it('lists the ports Chromium refused in CI (4045) and that fetch refuses (3659)', () => {
    expect([4045, 3659, 6000, 10080].every((p) => BAD_PORTS.has(p))).toBe(true);
  });
});
