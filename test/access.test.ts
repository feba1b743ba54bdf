import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { Handset, UA } from './support/handset.js';
import { signedInMember } from './support/members.js';
import { weekOf } from '../core/games/service.js';
import { AccessGate } from '../core/access.js';
import type { Repositories } from '../core/store.js';

/** The error page carries a request id; apart from it, refused and missing must be byte-identical. */
const sansRequestId = (t: string) => t.replace(/\(お問い合わせ番号: [\w-]+\)/, '');

describe.each(dialects())('the one access gate, through the gateway (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);
  let seq = 0;

  const member = (nickname: string) => signedInMember(gw, 'pc', { nickname });

  /**
   * A (the blocker) and B (blocked) were friends, share a friend C, and left traces everywhere:
   * comments, endorsements, scores, messages both ways, footprints, a bookmark, a public entry.
   */
  async function blockedPair() {
    const s = gw.booted.services;
    const tag = `${dialect}${++seq}`;
    const a = await member(`拒否する人${tag}号`);
    const b = await member(`拒否された人${tag}号`);
    const c = await member(`共通の友${tag}号`);
    const now = Date.now();
    for (const [x, y] of [[a, b], [a, c], [b, c]] as const) await s.store.friendships.befriend(x.id, y.id, now);
    const cEntry = await s.diary.write(c.id, { title: `Cの日記${tag}`, body: 'みんなへ', visibility: 'friends' });
    await s.comments.add(a.id, cEntry, `Aのコメント${tag}`);
    await s.comments.add(b.id, cEntry, `Bのコメント${tag}`);
    await s.profiles.endorse(a.id, c.id, `Aの紹介文${tag}`);
    const aPublic = await s.diary.write(a.id, { title: `合言葉${tag}`, body: 'だれでも', visibility: 'public' });
    const bPublic = await s.diary.write(b.id, { title: `B日記${tag}`, body: 'だれでも', visibility: 'public' });
    await s.profiles.update(b.id, { gender: 'none', showAge: false, area: '', intro: `Bの自己紹介${tag}`, searchOptOut: false, defaultVisibility: 'friends', topSections: ['friend-diaries', 'footprints', 'comments'] });
    for (const [id, score] of [[a.id, 150], [b.id, 10], [c.id, 20]]) for (const p of ['all', weekOf(now)]) await s.store.games.raiseBest('mash', p, id!, score!, now);
    const toA = await s.messages.send(b.id, a.id, `Aさんへ${tag}`, 'やあ');
    await s.messages.send(a.id, b.id, `Bさんへ${tag}`, 'どうも');
    await s.footprints.record(a.id, b.id);
    await s.profiles.bookmark(b.id, a.id);
    // A blocks B from B's profile, as a member does.
    await a.h.get(`/members/${b.id}`);
    await a.h.submit(a.h.formTo(/\/block$/), {});
    expect(a.h.last.text).toContain('ブロックを解除');
    expect(a.h.last.text).toContain(b.nickname);
    return { a, b, c, tag, cEntry, aPublic, bPublic, toA };
  }

  it("refuses the blocker's friend list, profile and diary to the blocked member exactly as a missing member's", async () => {
    const { a, b } = await blockedPair();
    const month = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 7);
    for (const path of [`/members/${a.id}/friends`, `/members/${a.id}`, `/members/${a.id}/diary`, `/members/${a.id}/diary?month=${month}`, `/members/${a.id}/friend-request`, `/messages/new?to=${a.id}`]) {
      const refused = await b.h.get(path);
      expect([path, refused.status]).toEqual([path, 404]);
      expect(refused.text).not.toContain(a.nickname);
      const missing = await b.h.get(path.replace(String(a.id), '99999999'));
      expect([path, sansRequestId(refused.text)]).toEqual([path, sansRequestId(missing.text)]);
    }
  });

  it('keeps the blocked member\'s profile, friend list and diary from the blocker too; the blocker names and unblocks them only on the list of blocked members', async () => {
    const { a, b, tag, bPublic } = await blockedPair();
    expect(a.h.last.url).toBe('/blocks');
    expect(a.h.last.text).toContain(b.nickname);
    for (const path of [`/members/${b.id}`, `/members/${b.id}/friends`, `/members/${b.id}/diary`, `/diary/${bPublic}`]) {
      const refused = await a.h.get(path);
      expect([path, refused.status]).toEqual([path, 404]);
      expect(refused.text).not.toContain(b.nickname);
      expect(refused.text).not.toContain(`Bの自己紹介${tag}`);
      const missing = await a.h.get(path.replace(String(path.startsWith('/diary') ? bPublic : b.id), '99999999'));
      expect([path, sansRequestId(refused.text)]).toEqual([path, sansRequestId(missing.text)]);
    }
    // The blocked member has no such list naming the blocker.
    await b.h.get('/blocks');
    expect(b.h.last.text).not.toContain(a.nickname);
    // Unblocking from the list makes each visible to the other again.
    await a.h.get('/blocks');
    await a.h.submit(a.h.formTo(new RegExp(`/members/${b.id}/block$`)), {});
    expect((await a.h.get(`/members/${b.id}`)).text).toContain(`Bの自己紹介${tag}`);
    expect((await b.h.get(`/members/${a.id}`)).status).toBe(200);
  });

  it("shows the blocker's nickname nowhere the blocked member can look, and the other way round", async () => {
    const { a, b, c, tag, cEntry, aPublic, toA } = await blockedPair();
    const pagesFor = (other: { id: number }) => [
      '/',
      `/diary/${cEntry}`,
      `/members/${c.id}`,
      `/members/${c.id}/friends`,
      '/games/mash/ranking?p=all',
      '/games/mash/ranking',
      '/games/mash',
      `/search?nickname=${encodeURIComponent(tag)}`,
      `/search?q=${encodeURIComponent(`合言葉${tag}`)}`,
      '/messages',
      '/messages?box=sent',
      '/messages?box=trash',
      '/footprints',
      '/friends/requests',
      '/friends/diary',
      '/diary/comments',
      '/bookmarks',
      `/members/${other.id}/friends`,
    ];
    for (const path of pagesFor(a)) {
      await b.h.get(path);
      expect([path, b.h.last.status < 500]).toEqual([path, true]);
      expect([path, b.h.last.text.includes(a.nickname)]).toEqual([path, false]);
    }
    // Nor what A wrote: the comment on C's entry, the endorsement on C's profile, the public entry.
    await b.h.get(`/diary/${cEntry}`);
    expect(b.h.last.text).not.toContain(`Aのコメント${tag}`);
    expect(b.h.last.text).toContain(`Bのコメント${tag}`);
    await b.h.get(`/members/${c.id}`);
    expect(b.h.last.text).not.toContain(`Aの紹介文${tag}`);
    expect((await b.h.get(`/diary/${aPublic}`)).status).toBe(404);
    // A message B sent to A before the block is gone from B's side too (opening it: missing).
    expect((await b.h.get(`/messages/${toA}`)).status).toBe(404);
    // Both ways: the blocker sees nothing of the blocked member in lists either.
    for (const path of pagesFor(b)) {
      await a.h.get(path);
      expect([path, a.h.last.text.includes(b.nickname)]).toEqual([path, false]);
    }
    // The mutual friend still sees both.
    await c.h.get(`/members/${c.id}/friends`);
    expect(c.h.last.text).toContain(a.nickname);
    expect(c.h.last.text).toContain(b.nickname);
  });

  it('lets the blocked member learn nothing by blocking back: missing, and no name on their list', async () => {
    const { a, b } = await blockedPair();
    await b.h.get('/diary/new');
    const csrf = b.h.form('csrf').fields.csrf!;
    const back = await b.h.open('POST', `/members/${a.id}/block`, `csrf=${csrf}&op=block`, 'application/x-www-form-urlencoded', false);
    expect(back.status).toBe(404);
    await b.h.get('/blocks');
    expect(b.h.last.text).not.toContain(a.nickname);
  });

  it('refuses a reply to a comment by someone hidden from the writer', async () => {
    const { b, tag, cEntry } = await blockedPair();
    const hiddenComment = (await gw.booted.services.store.comments.listForEntry(cEntry)).find((x) => x.body === `Aのコメント${tag}`)!;
    await b.h.get(`/diary/${cEntry}`);
    await b.h.submit(b.h.form('body'), { body: '返事', reply: String(hiddenComment.id) });
    expect(b.h.last.status).toBe(404);
  });

  it('asks guests to sign in for any profile, friend list or diary list, existing or not; public entries stay readable without their commenters', async () => {
    const { a, c, tag, aPublic } = await blockedPair();
    await gw.booted.services.comments.add(c.id, aPublic, `Cのコメント${tag}`);
    const guest = new Handset(gw, UA.pc);
    for (const id of [a.id, c.id, 99999999]) {
      for (const path of [`/members/${id}`, `/members/${id}/friends`, `/members/${id}/diary`]) {
        await guest.get(path, false);
        expect([path, guest.last.status, guest.last.headers.get('location')?.replace(/^https?:\/\/[^/]+/, '')]).toEqual([path, 302, '/login']);
        expect(guest.last.text).not.toContain(a.nickname);
      }
    }
    await guest.get(`/diary/${aPublic}`);
    expect(guest.last.status).toBe(200);
    expect(guest.last.text).toContain(`合言葉${tag}`);
    expect(guest.last.text).toContain('だれでも');
    expect(guest.last.text).not.toContain(c.nickname);
    expect(guest.last.text).not.toContain(`Cのコメント${tag}`);
    expect(guest.last.text).toContain('コメントはログインすると読めます');
    // A signed-in member reading the same entry sees the comment and its author.
    await c.h.get(`/diary/${aPublic}`);
    expect(c.h.last.text).toContain(`Cのコメント${tag}`);
  });
});

/** Every TypeScript source file under these folders, relative to the repository. */
function sources(...dirs: string[]): { path: string; text: string }[] {
  const root = join(import.meta.dirname, '..');
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) out.push({ path: relative(root, p), text: readFileSync(p, 'utf8') });
    }
  };
  for (const d of dirs) walk(join(root, d));
  return out;
}

describe('the access rule lives in one place', () => {
  const app = sources('core', 'gateway', 'templates', 'mail', 'media', 'carriers');

  it('reads blocks only inside core/access.ts (db/ implements the repository)', () => {
    const readers = app
      .filter((f) => f.path !== join('core', 'access.ts'))
      .filter((f) => /\bblocks\.(between|involving|blockedBy)\s*\(|\brelationTo\s*\(|===\s*'blocked'/.test(f.text))
      .map((f) => f.path);
    expect(readers).toEqual([]);
  });

  it('keeps gateway routes off the repositories and names members in lists only through the gate', () => {
    const routes = sources(join('gateway', 'routes'));
    expect(routes.length).toBeGreaterThan(5);
    // The health check's ping is no repository read.
    const offenders = routes.filter((f) => /\bstore\.(?!ping\(\))\w+/.test(f.text)).map((f) => f.path);
    expect(offenders).toEqual([]);
    const unfiltered = app.filter((f) => f.path.startsWith('gateway') && /\bmembers\.nicknames\s*\(/.test(f.text)).map((f) => f.path);
    expect(unfiltered).toEqual([]);
  });
});

describe('AccessGate.relations', () => {
  it('decides a whole list in one blocks query and at most two friendship queries, blocks outranking friendship', async () => {
    const calls: string[] = [];
    const friends: Record<number, number[]> = { 1: [2, 3], 2: [1, 4], 3: [1], 4: [2], 5: [] };
    const g = {
      blocks: { involving: async (id: number) => (calls.push('blocks'), id === 1 ? [3] : []), blockedBy: async () => [] },
      friendships: {
        friendsAmong: async (id: number, ids: readonly number[]) => (calls.push('friends'), ids.filter((x) => friends[id]!.includes(x))),
        sharingFriendAmong: async (id: number, ids: readonly number[]) => (calls.push('shared'), ids.filter((x) => friends[x]!.some((f) => friends[id]!.includes(f)))),
      },
      members: {},
    } as unknown as Pick<Repositories, 'friendships' | 'blocks' | 'members'>;
    const rel = await new AccessGate(g).relations(1, [1, 2, 3, 4, 5, 2, 4]);
    expect(Object.fromEntries(rel)).toEqual({ 1: 'self', 2: 'friend', 3: 'blocked', 4: 'friend-of-friend', 5: 'member' });
    expect(calls).toEqual(['blocks', 'friends', 'shared']);
    expect(Object.fromEntries(await new AccessGate(g).relations(null, [1, 2]))).toEqual({ 1: 'guest', 2: 'guest' });
  });
});
