import { createServer } from 'node:net';

/**
 * Ports that browsers (Chromium: ERR_UNSAFE_PORT) and Node's fetch refuse to connect to, from the
 * Fetch standard's "bad port" list. A test server on one of them cannot be reached at all.
 */
export const BAD_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113,
  115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556,
  563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
  6668, 6669, 6679, 6697, 10080,
]);

/**
 * A port that is free on 127.0.0.1 now, chosen by the kernel (from its ephemeral range, so never
 * one another suite picked at random, and never a bad port), for a server that must know its port
 * before it starts (a spawned gateway, whose PUBLIC_ORIGIN names it). The port is released before
 * this resolves; the caller binds it at once.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    if (!BAD_PORTS.has(port)) return port;
  }
}
