import type { StaffRole } from './ports.js';

/** What a staff member may do; each console page and action names the one it needs. */
export type Permission = 'reports' | 'content' | 'suspend' | 'lookup' | 'billing' | 'staff' | 'ngwords' | 'audit';

/**
 * Roles, deny by default: a moderator judges reports and content and suspends members; support
 * looks members up and reads their course and points history; an admin also keeps the staff
 * accounts, the NG-word list and reads the audit log.
 */
const ROLES: Record<StaffRole, readonly Permission[]> = {
  moderator: ['reports', 'content', 'suspend', 'lookup'],
  support: ['lookup', 'billing'],
  admin: ['reports', 'content', 'suspend', 'lookup', 'billing', 'staff', 'ngwords', 'audit'],
};

export const STAFF_ROLES = Object.keys(ROLES) as StaffRole[];

export function may(role: StaffRole, p: Permission): boolean {
  return ROLES[role]?.includes(p) ?? false;
}

/**
 * Staff passwords: at least 12 characters, not only one kind of character (letters, digits,
 * symbols), and not containing the login. Sign-in is throttled besides (core/limits.ts).
 */
export function weakStaffPassword(password: string, login: string): string | null {
  if (password.length < 12 || password.length > 200) return '12文字以上(200文字以下)にしてください。';
  const kinds = [/[A-Za-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (kinds < 2) return '英字・数字・記号のうち2種類以上を混ぜてください。';
  if (login && password.toLowerCase().includes(login.toLowerCase())) return 'ログインIDを含まないパスワードにしてください。';
  return null;
}
