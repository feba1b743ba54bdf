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
 * Test servers' ports are drawn from here: below Linux's ephemeral range (32768–60999), where the
 * kernel picks the local port of every outgoing connection (to MariaDB, say), so no connection made
 * between the check below and the server's bind can take the port; above the well-known services.
 */
const FIRST = 20_000;
const LAST = 32_000;

/**
 * A port free on 127.0.0.1 now, for a server that must know its port before it starts (a spawned
 * gateway, whose PUBLIC_ORIGIN names it): drawn at random from [FIRST, LAST), never a bad port,
 * and checked by binding it (another test's server there makes it draw again). The check's socket
 * is closed before this resolves; the caller binds the port at once.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = FIRST + Math.floor(Math.random() * (LAST - FIRST));
    if (BAD_PORTS.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}
