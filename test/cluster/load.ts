/**
 * The steady write load of the fault test, over HTTP into gateway processes: members commenting
 * on a diary entry, members starting paid game plays (points spent), and a carrier posting signed
 * billing notices. Every write carries its own mark, and the loop keeps what was acknowledged.
 */
import { digest } from '../../core/crypto.js';
import type { CompanyGateway } from '../../carriers/billing-company.js';
import type { TestGateway } from '../support/gateway.js';
import { CARRIER_IP, Handset, UA } from '../support/handset.js';

export interface Tally {
  /** Marks of every write sent, and of those the gateway acknowledged. */
  sent: string[];
  acked: string[];
  /** Answers that were neither: refused (4xx, e.g. a throttle) or failed (5xx, no answer), by status. */
  other: Record<number, number>;
  /** When each acknowledgement came (ms), to find the longest wait while a node was lost. */
  times: number[];
}
export const tally = (): Tally => ({ sent: [], acked: [], other: {}, times: [] });
const ack = (t: Tally, mark: string) => {
  t.acked.push(mark);
  t.times.push(Date.now());
};
const other = (t: Tally, status: number | undefined) => {
  const k = status ?? 599;
  t.other[k] = (t.other[k] ?? 0) + 1;
};

/** The longest time without any acknowledgement, across several tallies (ms). */
export function longestGap(...ts: Tally[]): number {
  const times = ts.flatMap((t) => t.times).sort((x, y) => x - y);
  return times.slice(1).reduce((max, t, i) => Math.max(max, t - times[i]!), 0);
}

const withSid = (h: Handset, path: string) => {
  const sid = new URL(h.last.url, 'http://x').searchParams.get('sid');
  return sid ? `${path}${path.includes('?') ? '&' : '?'}sid=${sid}` : path;
};

/** Signs in by password over HTTP, retrying while the site is briefly unavailable. */
export async function signIn(gw: TestGateway, login: string, password: string, kind: 'pc' | 'docomo'): Promise<Handset> {
  const h = kind === 'pc' ? new Handset(gw, UA.pc, { keepsCookies: true }) : new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo });
  for (let i = 0; ; i++) {
    await h.passwordLogin(login, password).catch(() => undefined);
    if (h.signedIn()) return h;
    if (i > 10) throw new Error(`could not sign ${login} in: ${h.last?.status} ${h.last?.text.slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * One comment per round on `entryId`, its body the mark; acknowledged: the post redirected back
 * to the entry. A member may comment 20 times in 10 minutes: `paceMs` spreads them over the run,
 * and `max` stops the loop before that limit when the run lasts longer than planned.
 */
export async function commentLoop(h: Handset, entryId: number, prefix: string, t: Tally, running: () => boolean, paceMs: number, max = Infinity): Promise<void> {
  for (let i = 0; running() && i < max; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, paceMs));
    const page = await h.get(`/diary/${entryId}`).catch(() => null);
    if (!page || page.status !== 200) {
      await pause();
      continue;
    }
    const mark = `${prefix}-${i}`;
    t.sent.push(mark);
    const r = await h.submit(h.form('body'), { body: mark }, false).catch(() => null);
    if (r && r.status >= 300 && r.status < 400 && new RegExp(`/diary/${entryId}\\b`).test(r.headers.get('location') ?? '')) ack(t, mark);
    else other(t, r?.status);
  }
}

/** One paid play (30 points) per round; acknowledged: the play page came back with its token. The mark is the token's hash. */
export async function playLoop(h: Handset, t: Tally, running: () => boolean): Promise<void> {
  const game = withSid(h, '/games/number');
  while (running()) {
    const page = await h.get(game).catch(() => null);
    if (!page || page.status !== 200 || !/\/games\/number\/play/.test(page.text)) {
      await pause();
      continue;
    }
    const sent = `pending-${t.sent.length}`;
    t.sent.push(sent);
    const r = await h.submit(h.formTo(/\/games\/number\/play/), {}, false).catch(() => null);
    const token = r?.status === 200 ? /play\.swf\?t=([A-Za-z0-9_-]+)/.exec(r.text)?.[1] : undefined;
    if (token) {
      t.sent[t.sent.indexOf(sent)] = digest(token);
      ack(t, digest(token));
    } else other(t, r?.status);
  }
}

/**
 * Signed notices for one contract: alternately payment failed and renewed (each takes back or
 * grants the month's points); acknowledged: 200 {"result":"applied"}.
 */
export async function noticeLoop(gw: TestGateway, carrier: CompanyGateway, contract: string, month: string, t: Tally, running: () => boolean): Promise<void> {
  for (let i = 0; running(); i++) {
    const id = `${contract}-n${i}`;
    const notice = i % 2 === 0 ? { id, type: 'payment_failed', contract, month } : { id, type: 'renewed', contract, month, amount: 315 };
    const body = JSON.stringify(notice);
    t.sent.push(id);
    const r = await gw.request('POST', `/billing/notify/${carrier.carrier}`, { headers: { 'Content-Type': 'application/json', 'X-Carrier-Signature': carrier.sign(body, Date.now()) }, body });
    const text = await r.text().catch(() => '');
    if (r.status === 200 && /"result":"applied"/.test(text)) ack(t, id);
    else {
      other(t, r.status);
      if (r.status >= 500) await pause();
    }
  }
}

const pause = () => new Promise((r) => setTimeout(r, 100));
