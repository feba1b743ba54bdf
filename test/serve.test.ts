import { describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { batchingEnds, flushEnds, serveGateway, settled } from '../gateway/serve.js';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

/** A stand-in response that records when and how it was ended or destroyed, and closes after either. */
function fakeResponse(log: string[], name: string, throws = false) {
  let closed: (() => void) | undefined;
  const close = () => {
    closed?.();
    closed = undefined;
  };
  return {
    end(...args: unknown[]) {
      if (throws) throw new Error(`${name} broke`);
      log.push(`${name}:end:${String(args[0] ?? '')}`);
      close();
      return this;
    },
    destroy(e: Error) {
      log.push(`${name}:destroy:${e.message}`);
      close();
    },
    once(event: string, cb: () => void) {
      if (event === 'close') closed = cb;
      return this;
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
  it('a destroy after a held end waits behind it (a 500 then the connection cut still sends the 500), and flushEnds sends at once', async () => {
    const log: string[] = [];
    const listener = batchingEnds((_req, res) => {
      res.end('error page');
      res.destroy(new Error('cut'));
    });
    listener({} as IncomingMessage, fakeResponse(log, 'a'));
    expect(log).toEqual([]);
    flushEnds(); // a process about to exit sends what it holds without waiting for the turn's end
    expect(log).toEqual(['a:end:error page', 'a:destroy:cut']);
    await turn();
    expect(log).toHaveLength(2); // sent once
    // Over a real socket, as @hono/node-server answers a response that failed before its headers left.
    const server = serveGateway(() => new Response('unused'), 0, '127.0.0.1');
    server.removeAllListeners('request');
    server.on(
      'request',
      batchingEnds((_req, res) => {
        res.writeHead(500, { 'content-type': 'text/plain', 'content-length': '5' });
        res.end('Error');
        res.destroy(new Error('failed'));
      }),
    );
    await new Promise((r) => server.once('listening', r));
    try {
      const raw = await new Promise<string>((resolve) => {
        const s = connect((server.address() as AddressInfo).port, '127.0.0.1', () => s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
        let got = '';
        s.on('data', (d) => (got += d.toString('latin1')));
        s.on('error', () => {});
        s.on('close', () => resolve(got));
      });
      expect(raw).toMatch(/^HTTP\/1\.1 500 /);
      expect(raw.endsWith('\r\n\r\nError')).toBe(true);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  // Last in this file: after settled() every answer of this process closes its connection.
  it('settled waits for the requests taken in to be answered, counts those left at its deadline, and closes connections from then on', async () => {
    let release: (() => void) | undefined;
    const app = new Hono();
    app.get('/slow', async (c) => {
      await new Promise<void>((r) => (release = r));
      return c.text('late but whole');
    });
    app.get('/quick', (c) => c.text('quick'));
    const server = serveGateway(app.fetch, 0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const slow = fetch(`${base}/slow`).then((r) => r.text());
      while (!release) await new Promise((r) => setTimeout(r, 5));
      // The slow request is in flight: a short deadline passes with it still unanswered.
      expect(await settled(30)).toBe(1);
      const waiting = settled(5_000);
      release();
      expect(await waiting).toBe(0);
      expect(await slow).toBe('late but whole');
      const quick = await fetch(`${base}/quick`);
      expect(await quick.text()).toBe('quick');
      expect(quick.headers.get('connection')).toBe('close');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
