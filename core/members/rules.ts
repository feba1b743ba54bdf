/** Who may be a member, and how a member is shown: rules with no store behind them. */
import type { Invitation, Member, MemberRecord } from './ports.js';

/** mixi admitted members from 15 (from December 2008; 18 before). */
export const MIN_AGE = 15;

/** YYYYMMDD, YYYY/MM/DD, YYYY.MM.DD or full-width digits → YYYY-MM-DD (anything else unchanged). */
export function normalizeDate(text: string): string {
  const t = text.normalize('NFKC').trim().replace(/[/.]/g, '-');
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : t;
}

/** Age in whole years on `today`, or null for an impossible date. */
export function ageOn(birthDate: string, today: Date): number | null {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const born = new Date(Date.UTC(y, m - 1, d));
  if (born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d) return null;
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() < m - 1 || (today.getUTCMonth() === m - 1 && today.getUTCDate() < d)) age--;
  return age >= 0 && age < 130 ? age : null;
}

export function publicMember(m: MemberRecord): Member {
  const { passwordHash: _omit, ...rest } = m;
  return rest;
}

/** Why a code cannot be used, in words for the join form (null: usable). */
export function invitationProblem(inv: Invitation | null, now: number): string | null {
  if (!inv) return '招待コードが無効です。コードを確かめてください。';
  if (inv.expiresAt !== null && inv.expiresAt <= now) return 'この招待コードは有効期限が切れています。招待した方に新しいコードをもらってください。';
  if (inv.usedCount >= inv.maxUses) return 'この招待コードは使える回数に達しました。招待した方に新しいコードをもらってください。';
  return null;
}
