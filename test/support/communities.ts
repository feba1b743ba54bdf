import { expect } from 'vitest';
import type { signedInMember } from './members.js';

/** Community helpers for tests: each acts through the member's handset, as a member would. */
type M = Awaited<ReturnType<typeof signedInMember>>;

/** Creates a community through its form; returns its id. */
export async function createCommunity(m: M, o: { name: string; joinPolicy?: string; readers?: string; category?: string; description?: string }): Promise<number> {
  await m.go('/communities/new');
  await m.h.submit(m.h.form('name'), { name: o.name, category: o.category ?? 'hobby', description: o.description ?? `${o.name}の説明`, joinPolicy: o.joinPolicy ?? 'open', readers: o.readers ?? 'members' });
  const id = /\/communities\/(\d+)/.exec(m.h.last.url)?.[1];
  expect(id, m.h.last.text.slice(0, 400)).toBeDefined();
  return Number(id);
}

export async function join(m: M, cid: number) {
  await m.go(`/communities/${cid}`);
  await m.h.submit(m.h.formTo(/\/join(\?|$)/), {});
}

/** Posts a topic (or event, poll) through its form; returns its id. */
export async function postTopic(m: M, cid: number, fields: Record<string, string | Uint8Array>, kind = 'topic'): Promise<number> {
  await m.go(`/communities/${cid}/topics/new?kind=${kind}`);
  await m.h.submit(m.h.form('title'), fields);
  const id = /\/topics\/(\d+)/.exec(m.h.last.url)?.[1];
  expect(id, m.h.last.text.slice(0, 400)).toBeDefined();
  return Number(id);
}

export async function comment(m: M, cid: number, tid: number, body: string | Uint8Array) {
  await m.go(`/communities/${cid}/topics/${tid}`);
  await m.h.submit(m.h.form('body'), { body });
  return m.h.last;
}


/** The session's csrf token (from the community form), for posting by hand. */
export async function csrfOf(m: M) {
  await m.go('/communities/new');
  return m.h.form('name').fields.csrf!;
}

/** POSTs a form by hand, as a handset replaying it would (no once-token, no redirect followed). */
export async function rawPost(m: M, path: string, csrf: string, fields: Record<string, string> = {}) {
  const body = new URLSearchParams({ csrf, ...fields }).toString();
  return m.h.open('POST', path, body, 'application/x-www-form-urlencoded', false);
}
