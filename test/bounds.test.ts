import { describe, expect, it } from 'vitest';
import http from 'node:http';
import { gatewayForSuite, servedForSuite } from './support/gateway.js';
import { ALL_COMPANY } from './support/billing.js';
import { parseForms } from './support/handset.js';

/**
 * Request bodies are bounded while they stream, on a real socket: a body over a route's limit is
 * refused with 413 after at most that many bytes, before any signature or session check, and
 * the connection is closed rather than drained, so the rest of the body is never read.
 */
describe('bounded request bodies on a real server', () => {
  // The payment company's signed protocol, whose header is judged before the body is read.
  const served = servedForSuite('sqlite', { ...ALL_COMPANY });
  const TOTAL = 20 * 1024 * 1024;

  interface Sent {
    status: number | null;
    text: string;
    headers: http.IncomingHttpHeaders;
    /** Bytes the client managed to hand to its socket before the answer (or the close). */
    written: number;
    /** Bytes the server read from this connection, headers included. */
    serverRead: number;
  }

  /**
   * Streams `total` bytes as a chunked body (no Content-Length) unless `declared` is given, in
   * which case that Content-Length is sent and no body follows. Like an attacker, it goes on
   * writing after the answer, until the server closes the connection or the body is all sent.
   */
  function send(path: string, headers: Record<string, string>, total: number, declared?: number, method = 'POST'): Promise<Sent> {
    const { gw, port, sockets } = served;
    const before = sockets.length;
    return new Promise((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, method, path, agent: false, headers: { Host: new URL(gw.origin).host, ...headers, ...(declared === undefined ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(declared) }) } });
      let written = 0;
      let status: number | null = null;
      let text = '';
      let resHeaders: http.IncomingHttpHeaders = {};
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        // The server side of this connection, for how much of the body it read.
        setTimeout(() => resolve({ status, text, headers: resHeaders, written, serverRead: sockets.slice(before).reduce((n, s) => n + s.bytesRead, 0) }), 50);
      };
      req.on('response', (res) => {
        status = res.statusCode ?? null;
        resHeaders = res.headers;
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('error', () => {});
        if (declared !== undefined) res.on('end', () => req.destroy());
      });
      req.on('error', () => {});
      req.on('close', finish);
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => {
        while (!done && !req.destroyed && written < total) {
          written += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        if (written >= total && !done) req.end();
      };
      if (declared !== undefined) req.flushHeaders();
      else pump();
    });
  }

  // A well-formed, fresh signature header (forged: the body is never verified against it), so the
  // body is read and the limit is what refuses it.
  const forged = () => ({ 'Content-Type': 'application/json', 'X-Carrier-Signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` });

  it('refuses an unsigned billing call before reading its body', async () => {
    const r = await send('/billing/notify/docomo', { 'Content-Type': 'application/json' }, TOTAL);
    expect(r.status).toBe(401);
    expect(JSON.parse(r.text)).toMatchObject({ error: 'unsigned' });
    expect(r.serverRead).toBeLessThan(TOTAL / 2);
    const stale = await send('/billing/settlement/au', { ...forged(), 'X-Carrier-Signature': `t=1000000000,v1=${'0'.repeat(64)}` }, TOTAL);
    expect([stale.status, JSON.parse(stale.text).error]).toEqual([401, 'stale']);
    expect(stale.serverRead).toBeLessThan(TOTAL / 2);
  });

  it('refuses a 20 MB chunked billing notice with 413 after reading little of it', async () => {
    const r = await send('/billing/notify/docomo', forged(), TOTAL);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text)).toMatchObject({ error: 'too_large' });
    // The server stopped reading: far less than the body crossed the socket.
    expect(r.serverRead).toBeLessThan(TOTAL / 2);
    expect(r.written).toBeLessThan(TOTAL);
  });

  it('refuses a 20 MB chunked settlement past its limit, before its signature is checked, without reading it all', async () => {
    const r = await send('/billing/settlement/au', forged(), 64 * 1024 * 1024);
    expect(r.status).toBe(413);
    expect(r.serverRead).toBeLessThan(48 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the limit before any byte of the body', async () => {
    const r = await send('/billing/notify/au', forged(), 0, 50 * 1024 * 1024);
    expect(r.status).toBe(413);
    expect(r.serverRead).toBeLessThan(4096);
    const form = await send('/login', { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Mozilla/5.0' }, 0, 50 * 1024 * 1024);
    expect(form.status).toBe(413);
    expect(form.text).toContain('送信内容が大きすぎます');
    expect(form.serverRead).toBeLessThan(4096);
  });

  it('refuses a 20 MB chunked form post with a page, after reading little of it', async () => {
    const r = await send('/login', { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Mozilla/5.0' }, TOTAL);
    expect(r.status).toBe(413);
    expect(r.text).toContain('送信内容が大きすぎます');
    expect(r.serverRead).toBeLessThan(TOTAL / 2);
  });

  it('refuses a 20 MB chunked photo upload (multipart) with a page, after reading little of it', async () => {
    const r = await send('/settings/photo', { 'Content-Type': 'multipart/form-data; boundary=xyz', 'User-Agent': 'Mozilla/5.0' }, TOTAL);
    expect(r.status).toBe(413);
    expect(r.text).toContain('写真が大きすぎます');
    expect(r.serverRead).toBeLessThan(TOTAL / 2);
  });

  /** One request on its own connection: a declared-length body, sent whole unless `cut` bytes of it. */
  function exchange(method: string, path: string, headers: Record<string, string>, body = '', cut?: number): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders } | null> {
    const { gw, port } = served;
    return new Promise((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, method, path, agent: false, headers: { Host: new URL(gw.origin).host, ...headers, ...(method === 'POST' ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) } });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
      });
      req.on('error', () => resolve(null));
      if (cut === undefined) req.end(body);
      else {
        req.write(Buffer.from(body).subarray(0, cut));
        setTimeout(() => {
          req.destroy();
          resolve(null);
        }, 50);
      }
    });
  }

  it('reads a form post of declared length off the socket: a wrong password answers with the form, the typed login kept', async () => {
    const ua = { 'User-Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' };
    const page = (await exchange('GET', '/login', ua))!;
    const form = parseForms(page.text).find((f) => f.action.startsWith('/login'))!;
    const cookie = (page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    const body = new URLSearchParams({ ...form.fields, login: 'sokketto-no-hito', password: 'chigau-password' }).toString();
    const r = (await exchange('POST', form.action, { ...ua, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body))!;
    expect(r.status).toBe(401);
    expect(r.text).toContain('value="sokketto-no-hito"');
  });

  it('answers the next caller as before when one breaks off in the middle of a declared body', async () => {
    const ua = { 'User-Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'Content-Type': 'application/x-www-form-urlencoded' };
    expect(await exchange('POST', '/login', ua, `login=${'a'.repeat(2000)}`, 100)).toBeNull();
    const next = await exchange('GET', '/login', { 'User-Agent': 'Mozilla/5.0' });
    expect(next?.status).toBe(200);
  });

  it('closes instead of draining a body nobody reads (a GET or a refused call with a body)', async () => {
    const r = await send('/billing/notify/nosuchcarrier', { 'Content-Type': 'application/json' }, TOTAL);
    expect(r.status).toBe(404);
    expect(r.serverRead).toBeLessThan(TOTAL / 2);
    // A page served without reading the body: the connection is closed, not drained.
    const page = await send('/', { 'User-Agent': 'Mozilla/5.0' }, TOTAL, undefined, 'GET');
    expect(page.status).toBe(200);
    expect(page.headers.connection).toBe('close');
    expect(page.serverRead).toBeLessThan(TOTAL / 2);
    expect(page.written).toBeLessThan(TOTAL);
  });
});

describe('bounded request bodies in-process (a body larger than it says)', () => {
  const gw = gatewayForSuite('sqlite', { ...ALL_COMPANY });

  /** A body stream that records how much of it was pulled. */
  function counted(total: number) {
    const state = { pulled: 0 };
    const chunk = new Uint8Array(16 * 1024).fill(0x61);
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (state.pulled >= total) return c.close();
        state.pulled += chunk.length;
        c.enqueue(chunk);
      },
    });
    return { body, state };
  }

  it('stops pulling a lying body at the limit: billing notice and form', async () => {
    for (const [path, type, limit] of [['/billing/notify/softbank', 'application/json', 16 * 1024], ['/login', 'application/x-www-form-urlencoded', 64 * 1024]] as const) {
      const { body, state } = counted(8 * 1024 * 1024);
      const res = await gw.app.request(`${gw.origin}${path}`, { method: 'POST', body, duplex: 'half', headers: { Host: new URL(gw.origin).host, 'Content-Type': type, 'Content-Length': '10', 'User-Agent': 'Mozilla/5.0', 'X-Carrier-Signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` } } as RequestInit, { peerAddress: '127.0.0.1' });
      expect(res.status).toBe(413);
      expect(state.pulled).toBeLessThanOrEqual(limit + 64 * 1024);
    }
  });
});
