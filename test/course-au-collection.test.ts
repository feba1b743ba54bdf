import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { atCarrier, backLink, testClock } from './support/billing.js';
import { confirmResponse, parseConfirmRequest } from '../carriers/billing-soap.js';
import { carrierDate } from '../carriers/billing-wire.js';

/**
 * au's collection service is whatever answers at AU_COLLECTION_URL. Its answer decides whether a
 * member is granted anything, so only its own 200 counts: a redirect is not followed (the
 * confirmation is never sent on elsewhere, nor that place's answer believed), and an answer longer
 * than a confirmation can be is cut off, not held in memory. Either way the return is refused.
 */
const clock = testClock('2026-11-15T03:00:00Z');

describe.each(dialects())('au collection service answers (%s)', (dialect) => {
  let mode: 'answer' | 'redirect' | 'huge' = 'answer';
  let hugeDone: Promise<boolean> = Promise.resolve(false);
  const followed: string[] = [];
  let server: Server;
  const env: Record<string, string> = {};

  /** A confirmation as au gives it: result 00, the order's registration. */
  async function answer(body: string, res: ServerResponse) {
    const req = await parseConfirmRequest(body);
    res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
    res.end(confirmResponse({ resultCode: '00', reasonCode: '0000', transaction: { type: 'registered', order: req?.orderId ?? '', contract: `elsewhere-${req?.tranId.slice(0, 8) ?? ''}`, month: '2026-11', amount: 315, issuedAt: carrierDate(clock.now()) } }));
  }

  /** 8 MB of answer, written as fast as the reader takes it; true when all of it was taken. */
  function huge(res: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      res.on('close', () => resolve(res.writableFinished));
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let left = 128;
      const pump = () => {
        while (left > 0 && !res.destroyed) {
          left--;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (left === 0) res.end();
      };
      pump();
    });
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (req.url === '/elsewhere') {
          followed.push(body);
          return void answer(body, res);
        }
        if (mode === 'redirect') return void res.writeHead(307, { Location: '/elsewhere' }).end();
        if (mode === 'huge') return void (hugeDone = huge(res));
        void answer(body, res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    env.AU_COLLECTION_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/collection`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const gw = gatewayForSuite(dialect, env, clock);
  const balance = (id: number) => gw.booted.services.points.balance(id);
  const joinedBack = async () => {
    const m = await signedInMember(gw, 'au', { createdAt: clock.now() });
    await atCarrier(m, 'join');
    return { m, back: backLink(m) };
  };

  it('does not follow a redirect from the collection service: nothing is sent on, nothing granted', async () => {
    mode = 'redirect';
    const { m, back } = await joinedBack();
    await m.h.get(back);
    expect(m.h.last.status).toBe(422);
    expect(m.h.last.text).toContain('処理しませんでした');
    expect(followed).toEqual([]);
    expect(await balance(m.id)).toBe(0);
    expect(await gw.booted.services.course.isActive(m.id)).toBe(false);
  });

  it('cuts off an answer longer than a confirmation: refused, and the rest is never read', async () => {
    mode = 'huge';
    const { m, back } = await joinedBack();
    await m.h.get(back);
    expect(m.h.last.status).toBe(422);
    expect(await hugeDone).toBe(false);
    expect(await balance(m.id)).toBe(0);
  });

  it('grants on the service\'s own confirmation (result 00), once', async () => {
    mode = 'answer';
    const { m, back } = await joinedBack();
    await m.h.get(back);
    expect(m.h.last.text).toContain('登録が完了しました');
    expect(await balance(m.id)).toBe(300);
    await m.h.get(back);
    expect(await balance(m.id)).toBe(300);
    expect(await gw.booted.services.store.points.ledgerSum(m.id)).toBe(300);
  });
});
