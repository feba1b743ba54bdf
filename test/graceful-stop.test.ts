import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startGatewayProcess } from './support/process.js';

/**
 * A gateway told to stop (SIGTERM, as a deploy or `WORKERS`' first process does) answers the
 * requests it has already taken in before it exits, with one process or several: a handset
 * half-way through sending a post still gets its page, not a cut connection.
 */
describe('stopping the gateway', () => {
  for (const workers of ['1', '2']) {
    it(`answers a request that is in flight when SIGTERM comes (WORKERS=${workers})`, async () => {
      const gateway = await startGatewayProcess(
        ({ port, base, dir }) => ({ NODE_ENV: 'production', WORKERS: workers, PORT: String(port), DATABASE_URL: `sqlite:${dir}/g.db`, MAIL_OUTBOX: `${dir}/out`, SEED_DEMO: '1', SECRET_KEY: 'graceful-stop-secret-graceful-stop-secret', LOG_LEVEL: 'info', PUBLIC_ORIGIN: base, ALLOWED_HOSTS: `127.0.0.1:${port}` }),
        { listening: Number(workers) },
      );
      let stopped: Promise<void> | undefined;
      try {
        const body = 'login=demo&password=not-the-password&csrf=none';
        const socket = connect(gateway.port, '127.0.0.1');
        let answer = '';
        const closed = new Promise<void>((resolve) => {
          socket.on('data', (d) => (answer += d.toString('latin1')));
          socket.on('error', () => {});
          socket.on('close', () => resolve());
        });
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
        // The headers and half the form: the gateway has taken the request in and waits for the rest.
        socket.write(
          `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${gateway.port}\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0\r\n` +
            `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
        );
        await new Promise((r) => setTimeout(r, 500));
        expect(answer).toBe('');
        stopped = gateway.stop(); // SIGTERM, then waits for the exit
        await new Promise((r) => setTimeout(r, 500));
        socket.end(body.slice(10));
        await closed;
        // A whole page, refused as a post without its form's token would be: not a cut connection.
        expect(answer).toMatch(/^HTTP\/1\.1 (?:200|303|400|403) /);
        await stopped;
        expect(gateway.output()).not.toContain('stopping with requests still unanswered');
      } finally {
        await (stopped ?? gateway.stop());
      }
    }, 60_000);
  }
});
