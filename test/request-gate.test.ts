import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccessGate, throughGate, type Relation } from '../core/access.js';
import type { Repositories } from '../core/store.js';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { SESSION_COOKIE } from '../gateway/params.js';

/**
 * A page asks several services, each asking the gate; scoped to the request (AccessGate.scoped,
 * gateway `reading`), the gate reads each viewer's blocks, relations, owners and take-downs once
 * for the whole page. It must answer exactly as the unscoped gate does, and never outlive its
 * request.
 */

/** A small graph: friends 1–2, 2–4; 1 blocked 3; entry 7 taken down, entry 8 held (author 2). */
function countingGraph() {
  const calls: string[] = [];
  const friends: Record<number, number[]> = { 1: [2], 2: [1, 4], 3: [], 4: [2], 5: [] };
  const blocks: [number, number][] = [[1, 3]];
  const member = (id: number) => ({ id, login: `m${id}`, nickname: `名前${id}`, passwordHash: 'x', birthDate: '1990-01-01', mail: null, mailVerifiedAt: null, status: id === 5 ? 'suspended' : 'active', invitedBy: null, createdAt: 0 });
  const g = {
    blocks: { involving: async (id: number) => (calls.push(`blocks ${id}`), blocks.flatMap(([a, b]) => (a === id ? [b] : b === id ? [a] : []))) },
    friendships: {
      friendsAmong: async (id: number, ids: readonly number[]) => (calls.push(`friends ${id}:${ids.join(',')}`), ids.filter((x) => friends[id]!.includes(x))),
      sharingFriendAmong: async (id: number, ids: readonly number[]) => (calls.push(`shared ${id}:${ids.join(',')}`), ids.filter((x) => (friends[x] ?? []).some((f) => friends[id]!.includes(f)))),
    },
    members: {
      findById: async (id: number) => (calls.push(`member ${id}`), id <= 5 ? member(id) : null),
      findMany: async (ids: readonly number[]) => (calls.push(`members ${ids.join(',')}`), ids.filter((id) => id <= 5).map(member)),
      namesOf: async (ids: readonly number[]) => (calls.push(`names ${ids.join(',')}`), ids.filter((id) => id <= 5).map(member)),
    },
    hiddenContent: {
      hiddenAmong: async (kind: string, ids: readonly number[]) => (calls.push(`hidden ${kind}:${ids.join(',')}`), new Map(ids.flatMap((id): [number, 'staff' | 'held'][] => (kind === 'diary' && id === 7 ? [[7, 'staff']] : kind === 'diary' && id === 8 ? [[8, 'held']] : [])))),
    },
  } as unknown as Pick<Repositories, 'friendships' | 'blocks' | 'members' | 'hiddenContent'>;
  return { g, calls };
}

/** Every question a page asks of the gate, for viewers 1, 2 and a guest. */
async function answers(gate: AccessGate) {
  const entries = [6, 7, 8].map((id) => ({ id, author: 2 }));
  const out: unknown[] = [];
  for (const v of [1, 2, null]) {
    out.push(Object.fromEntries(await gate.relations(v, [1, 2, 3, 4, 5])));
    out.push(Object.fromEntries(await gate.relations(v, [4, 2])));
    out.push(await gate.owner(v, 2).then((o) => [o.member.nickname, o.relation], (e: Error) => e.message));
    out.push(await gate.owner(v, 5).then((o) => o.member.id, (e: Error) => e.message));
    out.push(Object.fromEntries(await gate.names(v, [1, 2, 3, 4, 5])));
    out.push((await gate.shown(v, 'diary', entries, (e) => e.id, (e) => e.author)).map((e) => e.id));
    out.push((await gate.shown(v, 'diary', entries.slice(1), (e) => e.id, (e) => e.author)).map((e) => e.id));
    out.push(await gate.require(v, 4, 'friends-of-friends').catch((e: Error) => e.message));
    out.push(await gate.blocked(v ?? 0, 3));
  }
  return out;
}

describe('the request-scoped gate', () => {
  it('answers every question exactly as the unscoped gate does', async () => {
    const plain = countingGraph();
    const scoped = countingGraph();
    expect(await answers(new AccessGate(scoped.g).scoped())).toEqual(await answers(new AccessGate(plain.g)));
    // And what it answers is what the graph says (not merely the same mistakes twice).
    const one = await answers(new AccessGate(countingGraph().g).scoped());
    expect(one[0]).toEqual({ 1: 'self', 2: 'friend', 3: 'blocked', 4: 'friend-of-friend', 5: 'member' } satisfies Record<number, Relation>);
    expect(one[5]).toEqual([6]); // 7 taken down for everyone, 8 held: its author (2) alone sees it
    expect(one[9 + 5]).toEqual([6, 8]);
    // The unscoped gate reads per call; the scoped one once per viewer and per id.
    expect(scoped.calls.length).toBeLessThan(plain.calls.length / 2);
    expect(scoped.calls.filter((c) => c === 'blocks 1')).toHaveLength(1);
    expect(plain.calls.filter((c) => c === 'blocks 1').length).toBeGreaterThan(5);
    // Once per viewer (three of them): the scope is per viewer within the request.
    expect(scoped.calls.filter((c) => c.startsWith('hidden diary'))).toEqual(Array(3).fill('hidden diary:6,7,8'));
    expect(plain.calls.filter((c) => c.startsWith('hidden diary'))).toHaveLength(6);
  });

  it('asks only about owners and items it has not seen yet', async () => {
    const { g, calls } = countingGraph();
    const gate = new AccessGate(g).scoped();
    await gate.relations(1, [2, 4]);
    await gate.relations(1, [2, 4, 1, 3]);
    await gate.relations(1, [5, 2]);
    expect(calls).toEqual(['blocks 1', 'friends 1:2,4', 'shared 1:4', 'friends 1:5', 'shared 1:5']);
    calls.length = 0;
    expect((await gate.owner(1, 2)).relation).toBe('friend');
    expect((await gate.owner(1, 2)).member.nickname).toBe('名前2');
    await expect(gate.owner(1, 5)).rejects.toThrow('not_found');
    await expect(gate.owner(1, 5)).rejects.toThrow('not_found');
    expect(calls).toEqual(['member 2', 'member 5']);
    expect(gate.scoped()).toBe(gate);
  });

  it('is one per request: a new scope reads again and sees what changed', async () => {
    const { g, calls } = countingGraph();
    const gate = new AccessGate(g);
    expect(await gate.scoped().relation(2, 4)).toBe('friend');
    (g.blocks as { involving: (id: number) => Promise<number[]> }).involving = async (id) => (calls.push(`blocks ${id}`), id === 2 ? [4] : []);
    expect(await gate.scoped().relation(2, 4)).toBe('blocked');
    expect(calls.filter((c) => c === 'blocks 2')).toHaveLength(2);
  });
});

describe('services seen through a request gate (throughGate)', () => {
  class Inner {
    constructor(readonly gate: AccessGate) {}
    who(v: number) {
      return this.gate.relation(v, 2);
    }
  }
  class Outer {
    readonly kept = new Map<string, number>();
    constructor(
      readonly gate: AccessGate,
      readonly inner: Inner,
      readonly plain: { n: number },
    ) {}
    async both(v: number) {
      this.kept.set('asked', (this.kept.get('asked') ?? 0) + 1);
      return [await this.gate.relation(v, 4), await this.inner.who(v)];
    }
  }

  it('reads through the scope, nested services too, and shares everything else', async () => {
    const { g, calls } = countingGraph();
    const gate = new AccessGate(g);
    const inner = new Inner(gate);
    const outer = new Outer(gate, inner, { n: 1 });
    const scope = gate.scoped();
    const made = new Map<object, object>();
    const view = throughGate(outer, scope, made);
    expect(view).not.toBe(outer);
    expect(view.gate).toBe(scope);
    expect(view.inner.gate).toBe(scope);
    expect(view.plain).toBe(outer.plain);
    expect(throughGate(inner, scope, made)).toBe(view.inner); // one view per service per request
    expect(await view.both(1)).toEqual(['friend-of-friend', 'friend']);
    expect(calls.filter((c) => c === 'blocks 1')).toHaveLength(1);
    expect(outer.kept.get('asked')).toBe(1); // the cache is the service's own, shared
    expect(outer.gate).toBe(gate); // the service itself is untouched
    expect(throughGate(outer.plain, scope)).toBe(outer.plain);
  });

  it('holds for the real services: a gate is kept in a field named gate, and no method assigns a field', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.ts')) files.push(join(dir, e.name));
      }
    };
    walk('core');
    let gated = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      // Any constructor parameter typed AccessGate is the field `gate`.
      for (const m of text.matchAll(/(?:private|protected|public)?\s*readonly\s+(\w+)\s*:\s*AccessGate\b/g)) expect(`${f}: ${m[1]}`).toBe(`${f}: gate`);
      if (!/readonly gate: AccessGate/.test(text)) continue;
      gated++;
      // Members at class level (two spaces in); only a constructor may assign this.<field>.
      let inConstructor = false;
      for (const line of text.split('\n')) {
        if (/^ {2}\S/.test(line) && !/^ {2}[})]/.test(line)) inConstructor = /^ {2}constructor\(/.test(line);
        if (/\bthis\.\w+\s*(?:=(?!=)|\?\?=|\+=|-=|\+\+|--)/.test(line)) expect({ file: f, line: line.trim(), inConstructor }).toEqual({ file: f, line: line.trim(), inConstructor: true });
      }
    }
    expect(gated).toBeGreaterThan(10);
  });
});

describe.each(dialects())('a page reads the viewer through one gate scope (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);
  const svc = () => gw.booted.services;

  it("reads the viewer's blocks once for a friend's diary entry, keeps them while no block names the viewer, and a block in the next request refuses it", async () => {
    const me = await signedInMember(gw, 'docomo', { nickname: 'よむ人' });
    const writer = await signedInMember(gw, 'au', { nickname: 'かく人' });
    const stranger = await signedInMember(gw, 'au', { nickname: 'とおりすがり' });
    await svc().friends.request(me.id, writer.id, '');
    await svc().friends.request(writer.id, me.id, '');
    const entry = await svc().diary.write(writer.id, { title: '今日のこと', body: '本文です', visibility: 'friends' });
    await svc().comments.add(writer.id, entry, '自分でコメント');
    // Whatever this process kept for me is no longer current after a block naming me (migration 0035).
    await svc().friends.block(stranger.id, me.id);
    await svc().friends.unblock(stranger.id, me.id);
    const blocks = svc().store.blocks;
    const involving = blocks.involving;
    const asked: number[] = [];
    const mine = () => asked.filter((id) => id === me.id).length;
    blocks.involving = (id: number) => (asked.push(id), involving.call(blocks, id));
    try {
      const page = await me.go(`/diary/${entry}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('今日のこと');
      expect(page.text).toContain('自分でコメント');
      expect(mine()).toBe(1); // entry, comments, names, footprint: one read
      expect((await me.go(`/members/${writer.id}`)).text).toContain('かく人');
      expect(mine()).toBe(1); // a new request: the set kept under the counter read with its session
      await svc().friends.block(writer.id, me.id);
      expect((await me.go(`/diary/${entry}`)).status).toBe(404);
      expect(mine()).toBe(2); // the block moved the counter: read again
      expect((await me.go(`/members/${writer.id}`)).status).toBe(404);
      expect(mine()).toBe(2);
      await svc().friends.unblock(writer.id, me.id);
      expect((await me.go(`/members/${writer.id}`)).status).toBe(200);
      expect(mine()).toBe(3);
      // The other side's counter moved too: the writer's pages no longer hide me.
      expect((await writer.go(`/members/${me.id}`)).text).toContain('よむ人');
    } finally {
      blocks.involving = involving;
    }
  });

  it('a session brings its own member in the same read: their name, their own dates, and a suspension refuses it', async () => {
    const m = await signedInMember(gw, 'au', { nickname: 'セッションの人', createdAt: Date.parse('2020-01-02T00:00:00Z') });
    const page = await m.go('/');
    expect(page.text).toContain('セッションの人');
    const token = m.h.cookies.get(SESSION_COOKIE) ?? '';
    const s = await svc().sessions.resume(token, 'au', true);
    expect(s).not.toBeNull();
    expect(s !== 'elsewhere' && s?.member).toMatchObject({ id: m.id, nickname: 'セッションの人', status: 'active', createdAt: Date.parse('2020-01-02T00:00:00Z') });
    expect(Object.keys((s as { member: object }).member)).not.toContain('passwordHash');
    await svc().store.members.update(m.id, { status: 'suspended' });
    expect((await m.go('/')).status).toBe(403);
  });

  it('moves a footprint left in the last ten minutes, however close in time, and leaves a new one after', async () => {
    const owner = await signedInMember(gw, 'docomo');
    const visitor = await signedInMember(gw, 'au');
    const fp = svc().store.footprints;
    const t = Date.now();
    expect(await fp.touchSince(owner.id, visitor.id, t - 600_000, t)).toBe(false);
    await fp.insert(owner.id, visitor.id, t);
    expect(await fp.touchSince(owner.id, visitor.id, t - 600_000, t)).toBe(true); // the same millisecond still counts as found
    expect(await fp.touchSince(owner.id, visitor.id, t - 600_000, t + 5_000)).toBe(true);
    expect(await fp.list(owner.id, 10, [])).toEqual([{ visitorId: visitor.id, visitedAt: t + 5_000 }]);
    expect(await fp.touchSince(owner.id, visitor.id, t + 5_000, t + 700_000)).toBe(false);
  });
});
