import { expect } from 'vitest';
import { hashPassword } from '../../core/crypto.js';
import type { TestGateway } from './gateway.js';
import { CARRIER_IP, Handset, UA } from './handset.js';

export type HandsetKind = 'docomo' | 'au' | 'softbank' | 'willcom' | 'pc';

/** A browser of this kind: its UA (or `ua`), its carrier's gateway address, cookies unless it is i-mode. */
export function handsetOf(gw: TestGateway, kind: HandsetKind, ua: string = UA[kind]): Handset {
  return new Handset(gw, ua, { ip: kind === 'pc' ? undefined : CARRIER_IP[kind], keepsCookies: kind !== 'docomo' });
}

let seq = 0;

/**
 * A fresh active member, signed in by password on a handset of `kind`. `home` is the signed-in
 * top page's URL (with the session for handsets without cookies). `ua` names another model of
 * that kind (same gateway address and cookie habit).
 */
export async function signedInMember(
  gw: TestGateway,
  kind: HandsetKind,
  o: { nickname?: string; mail?: string | null; verified?: boolean; createdAt?: number; birthDate?: string; ua?: string } = {},
) {
  const password = 'member-pass';
  const now = o.createdAt ?? Date.now();
  const login = `m${++seq}_${Math.random().toString(36).slice(2, 8)}`;
  const nickname = o.nickname ?? `メンバー${seq}`;
  const id = await gw.booted.services.store.members.insert({
    login,
    nickname,
    passwordHash: await hashPassword(password),
    birthDate: o.birthDate ?? '1990-01-01',
    mail: o.mail ?? null,
    mailVerifiedAt: o.verified === false ? null : now,
    status: 'active',
    invitedBy: null,
    createdAt: now,
  });
  const h = handsetOf(gw, kind, o.ua);
  await h.passwordLogin(login, password);
  expect(h.signedIn()).toBe(true);
  const home = h.last.url;
  const sid = new URL(home, gw.origin).searchParams.get('sid');
  /** Opens a path in this member's session. */
  const go = (path: string) => h.get(sid ? `${path}${path.includes('?') ? '&' : '?'}sid=${sid}` : path);
  /** Signs in again on a new handset of the same kind (sessions do not outlive long clock jumps). */
  const fresh = async () => {
    const again = handsetOf(gw, kind);
    await again.passwordLogin(login, password);
    return again;
  };
  return { id, h, nickname, login, home, go, fresh, kind };
}

/** Posts a diary entry from the member's handset and returns its id, read from the page it lands on. */
export async function postDiary(m: Awaited<ReturnType<typeof signedInMember>>, entry: { title: string; body: string; visibility: string }) {
  await m.go('/diary/new');
  await m.h.submit(m.h.form('body'), entry);
  const id = /\/diary\/(\d+)/.exec(m.h.last.url)?.[1];
  expect(id).toBeDefined();
  return id!;
}
