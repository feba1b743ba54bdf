/**
 * The mixed keitai load: each connection loops over its share of signed-in members and does one
 * action at a time, drawn with the weights below. Every response is checked: a status other than
 * 2xx/3xx, a page that is not the expected signed-in page (the welcome or login page above all),
 * or a form post not answered with its redirect counts as an error, with its reason.
 */
import { Rng } from '../scripts/scale/rng.js';
import type { ScaleCarrier } from '../scripts/scale/plan.js';
import { formBody, formOf, typed, type Client, type Reply, type Session } from './load-client.js';

export type Action = 'top' | 'entry' | 'diary list' | 'profile' | 'footprints' | 'messages' | 'ranking' | 'comment' | 'echo post';

export const MIX: readonly [Action, number][] = [
  ['top', 35], ['entry', 20], ['diary list', 10], ['profile', 10], ['footprints', 5], ['messages', 5], ['ranking', 5], ['comment', 5], ['echo post', 5],
];

export interface Stats {
  requests: number;
  errors: number;
  reasons: Map<string, number>;
  latencies: number[];
  byAction: Map<Action, { requests: number; errors: number; latencies: number[] }>;
  /** Pages (200 answers) and their bytes per carrier. */
  byCarrier: Map<ScaleCarrier, { pages: number; bytes: number; requests: number }>;
}

export function emptyStats(): Stats {
  return { requests: 0, errors: 0, reasons: new Map(), latencies: [], byAction: new Map(), byCarrier: new Map() };
}

/** Why a page is not what a signed-in member asked for (null: it is). */
export function pageProblem(r: Reply, expect: string[]): string | null {
  if (r.status < 200 || r.status >= 400) return `status ${r.status}`;
  if (r.status !== 200) return `redirect to ${(r.location ?? '').replace(/[?&]sid=[^&]*/, '')} instead of the page`;
  const s = r.body.toString('latin1');
  if (s.includes('/login/easy') || s.includes('action="/login') || s.includes('/register')) return 'welcome/login page (not signed in)';
  for (const n of expect) if (!s.includes(n)) return `page without ${n}`;
  return null;
}

/** Why a form post was not taken (null: answered with the expected redirect). */
export function postProblem(r: Reply, to: RegExp): string | null {
  if (r.status === 429) return 'post refused: rate limited (429)';
  if (r.status < 300 || r.status >= 400) return `post answered ${r.status}`;
  if (!to.test(r.location ?? '') || /\/login/.test(r.location ?? '')) return `post redirected to ${(r.location ?? '').replace(/[?&]sid=[^&]*/, '')}`;
  return null;
}

export class Driver {
  readonly stats = emptyStats();
  private readonly rng: Rng;
  private readonly total = MIX.reduce((s, [, w]) => s + w, 0);

  constructor(
    private readonly client: Client,
    seed: number,
  ) {
    this.rng = new Rng(seed, 99);
  }

  private note(s: Session, action: Action, r: Reply, problem: string | null): void {
    const st = this.stats;
    st.requests++;
    st.latencies.push(r.ms);
    let a = st.byAction.get(action);
    if (!a) st.byAction.set(action, (a = { requests: 0, errors: 0, latencies: [] }));
    a.requests++;
    a.latencies.push(r.ms);
    let c = st.byCarrier.get(s.carrier);
    if (!c) st.byCarrier.set(s.carrier, (c = { pages: 0, bytes: 0, requests: 0 }));
    c.requests++;
    if (r.status === 200) {
      c.pages++;
      c.bytes += r.body.length;
    }
    if (problem) {
      st.errors++;
      a.errors++;
      const key = `${action}: ${problem}`;
      st.reasons.set(key, (st.reasons.get(key) ?? 0) + 1);
    }
  }

  private async get(s: Session, action: Action, path: string, expect: string[]): Promise<Reply> {
    const r = await s.send(this.client, 'GET', s.url(path));
    this.note(s, action, r, pageProblem(r, expect));
    return r;
  }

  private pick(): Action {
    let x = this.rng.int(this.total);
    for (const [a, w] of MIX) if ((x -= w) < 0) return a;
    return 'top';
  }

  /** One action of the member's, by the mix. */
  async act(s: Session, forced?: Action): Promise<void> {
    const t = s.target;
    const friend = t.friends[this.rng.int(t.friends.length)]!;
    switch (forced ?? this.pick()) {
      case 'top':
        return void (await this.get(s, 'top', '/', ['/footprints', '/diary/new']));
      case 'entry': {
        const entry = t.entries[this.rng.int(t.entries.length)]!;
        const r = await this.get(s, 'entry', `/diary/${entry}`, ['name="once"', `/diary/${entry}/comments`]);
        const form = r.status === 200 ? formOf(r.body, /\/comments/) : null;
        if (form) s.stash = { entry, form };
        return;
      }
      case 'diary list':
        return void (await this.get(s, 'diary list', `/members/${friend}/diary`, [`/members/${friend}`]));
      case 'profile':
        return void (await this.get(s, 'profile', `/members/${friend}`, [`/messages/new?to=${friend}`]));
      case 'footprints':
        return void (await this.get(s, 'footprints', '/footprints', ['accesskey="0"']));
      case 'messages':
        return void (await this.get(s, 'messages', '/messages', ['box=sent']));
      case 'ranking':
        return void (await this.get(s, 'ranking', '/games/mash/ranking', ['/games/mash']));
      case 'comment': {
        // The form of the friend's entry this member read last (or that entry's page, first).
        let stash = s.stash;
        s.stash = null;
        if (!stash) {
          const entry = t.entries[this.rng.int(t.entries.length)]!;
          const r = await this.get(s, 'comment', `/diary/${entry}`, ['name="once"']);
          const form = r.status === 200 ? formOf(r.body, /\/comments/) : null;
          if (!form) return;
          stash = { entry, form };
        }
        const r = await s.send(this.client, 'POST', stash.form.action, formBody(stash.form.fields, [['body', typed(s.carrier, 'おもしろかった')]]));
        return this.note(s, 'comment', r, postProblem(r, new RegExp(`/diary/${stash.entry}\\b`)));
      }
      case 'echo post': {
        const page = await this.get(s, 'echo post', '/echo', ['name="once"']);
        const form = page.status === 200 ? formOf(page.body, /\/echo/) : null;
        if (!form) return;
        const r = await s.send(this.client, 'POST', form.action, formBody(form.fields, [['body', typed(s.carrier, 'いまベンチ中')]]));
        return this.note(s, 'echo post', r, postProblem(r, /\/echo\b/));
      }
    }
  }

  /** `connections` loops over the sessions until `until` (performance.now() ms). */
  async run(sessions: readonly Session[], connections: number, until: number): Promise<void> {
    const loop = async (i: number) => {
      const mine = sessions.length >= connections ? sessions.filter((_, k) => k % connections === i) : [sessions[i % sessions.length]!];
      for (let n = 0; performance.now() < until; n++) {
        const s = mine[n % mine.length]!;
        try {
          await this.act(s);
        } catch (e) {
          this.stats.errors++;
          this.stats.requests++;
          const key = `connection: ${(e as Error).message}`;
          this.stats.reasons.set(key, (this.stats.reasons.get(key) ?? 0) + 1);
        }
      }
    };
    await Promise.all(Array.from({ length: connections }, (_, i) => loop(i)));
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
