import { describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { servedForSuite } from './support/gateway.js';
import { PRE_SESSION_COOKIE } from '../gateway/params.js';

/**
 * The headers every page leaves with, over a real socket: the Node server's own response path,
 * which in-process requests do not take. The security headers and the request id are set on the
 * handler's response in place (gateway/middleware/request.ts, setOnResponse); this checks they
 * still arrive, with the page whole and its length. (That it is the faster path is for
 * bench:load to show, not a test.)
 */
describe('headers added after the handler, as a handset receives them', () => {
  const served = servedForSuite('sqlite');

  const get = (path: string, ua: string, body?: string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const extra = body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(body)) };
      const req = http.request({ host: '127.0.0.1', port: served.port, path, headers: { Host: new URL(served.gw.origin).host, 'User-Agent': ua, ...extra } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(body);
    });

  for (const [who, ua, type] of [
    ['a PC', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36', /^text\/html; charset=UTF-8$/i],
    ['a docomo handset', 'DoCoMo/2.0 N905i(c100;TB;W24H16)', /^text\/html; charset=Shift_JIS$/i],
  ] as const) {
    it(`sends the welcome page to ${who} whole, with its length, request id and security headers`, async () => {
      const r = await get('/', ua);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toMatch(type);
      expect(r.headers['x-request-id']).toMatch(/^[0-9a-f]{12}$/);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.headers['transfer-encoding']).toBeUndefined();
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
      expect(r.body.toString('latin1')).toContain('</html>');
    });
  }

  it('gives each answer its own request id', async () => {
    const ua = 'DoCoMo/2.0 N905i(c100;TB;W24H16)';
    const ids = new Set([(await get('/', ua)).headers['x-request-id'], (await get('/', ua)).headers['x-request-id']]);
    expect(ids.size).toBe(2);
  });

  const PC = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
  const security = (h: http.IncomingHttpHeaders) => ({ nosniff: h['x-content-type-options'], frame: h['x-frame-options'], id: /^[0-9a-f]{12}$/.test(String(h['x-request-id'])) });

  it('keeps a cookie set while the page was built (a guest form binds its pre-session), with the same headers', async () => {
    const r = await get('/login', PC);
    expect(r.status).toBe(200);
    expect(r.body.toString('utf8')).toContain('<form');
    expect(r.headers['set-cookie']?.some((c) => c.startsWith(`${PRE_SESSION_COOKIE}=`))).toBe(true);
    expect(security(r.headers)).toEqual({ nosniff: 'nosniff', frame: 'DENY', id: true });
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
  });

  it('sends a redirect with its absolute Location and the same headers', async () => {
    const r = await get('/footprints', PC);
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe(`${served.gw.origin}/login`);
    expect(security(r.headers)).toEqual({ nosniff: 'nosniff', frame: 'DENY', id: true });
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['content-length']).toBe('0');
    expect(r.headers['transfer-encoding']).toBeUndefined();
  });

  // Found by a review of the change that reads Node's own parsed headers: Node keeps the first
  // Host of two, where the web Headers had joined them (and the joined name was refused).
  it('refuses a request with two Host lines, whichever comes first', async () => {
    const status = (text: string) =>
      new Promise<number>((resolve, reject) => {
        const s = net.connect(served.port, '127.0.0.1');
        let buf = '';
        s.on('data', (d: Buffer) => {
          buf += d.toString('latin1');
          if (buf.includes('\r\n')) {
            s.destroy();
            resolve(Number(buf.split(' ')[1]));
          }
        });
        s.on('error', reject);
        s.write(text);
      });
    const own = new URL(served.gw.origin).host;
    expect(await status(`GET / HTTP/1.1\r\nHost: ${own}\r\nHost: evil.example\r\n\r\n`)).toBe(400);
    expect(await status(`GET / HTTP/1.1\r\nHost: evil.example\r\nHost: ${own}\r\n\r\n`)).toBe(400);
    expect(await status(`GET / HTTP/1.1\r\nHost: ${own}\r\n\r\n`)).toBe(200);
  });

  it('closes the connection after a page whose request carried a body nobody read', async () => {
    const r = await get('/', 'DoCoMo/2.0 N905i(c100;TB;W24H16)', 'abcde');
    expect(r.status).toBe(200);
    expect(r.headers.connection).toBe('close');
    expect(security(r.headers)).toEqual({ nosniff: 'nosniff', frame: 'DENY', id: true });
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
  });
});
