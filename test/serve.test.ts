import { describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { batchingEnds, serveGateway } from '../gateway/serve.js';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

/** A stand-in response that records when and how it was ended or destroyed. */
function fakeResponse(log: string[], name: string, throws = false) {
  return {
    end(...args: unknown[]) {
      if (throws) throw new Error(`${name} broke`);
      log.push(`${name}:end:${String(args[0] ?? '')}`);
      return this;
    },
    destroy(e: Error) {
      log.push(`${name}:destroy:${e.message}`);
    },
  } as unknown as ServerResponse;
}

const turn = () => new Promise((r) => setImmediate(r));

describe('responses leave together at the end of the event loop turn (gateway/serve.ts)', () => {
  it('holds every response ended in one turn until its end, then sends them in order, a failing one on its own', async () => {
    const log: string[] = [];
    const listener = batchingEnds((_req, res) => {
      res.end('first');
      res.end('second');
    });
    const req = {} as IncomingMessage;
    listener(req, fakeResponse(log, 'a'));
    listener(req, fakeResponse(log, 'b', true));
    listener(req, fakeResponse(log, 'c'));
    expect(log).toEqual([]); // nothing written during the turn
    await turn();
    // Each response's calls in the order made; b's failure destroys b alone.
    expect(log).toEqual(['a:end:first', 'a:end:second', 'b:destroy:b broke', 'b:destroy:b broke', 'c:end:first', 'c:end:second']);
    // A response ended in a later turn leaves at the end of that turn.
    const later = batchingEnds((_req, res) => res.end('later'));
    later(req, fakeResponse(log, 'd'));
    expect(log.at(-1)).toBe('c:end:second');
    await turn();
    expect(log.at(-1)).toBe('d:end:later');
  });

  it('answers many connections at once, each with its own whole response, over a real socket', async () => {
    const app = new Hono();
    app.get('/n/:n', async (c) => {
      const n = Number(c.req.param('n'));
      if (n % 3 === 0) await new Promise((r) => setTimeout(r, n % 7));
      return c.text(`answer ${n} ${'x'.repeat(n * 100)}`);
    });
    const server = serveGateway(app.fetch, 0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const answers = await Promise.all(Array.from({ length: 40 }, (_, n) => fetch(`${base}/n/${n}`).then(async (r) => [r.status, await r.text()] as const)));
      answers.forEach(([status, text], n) => {
        expect(status).toBe(200);
        expect(text).toBe(`answer ${n} ${'x'.repeat(n * 100)}`);
      });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
