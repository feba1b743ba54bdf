import { expect } from 'vitest';
import type { TestGateway } from './gateway.js';
import { Handset, UA } from './handset.js';
import type { StaffRole } from '../../core/staff/ports.js';

let seq = 0;
export const STAFF_PASSWORD = 'console-pass-2026!';

/** A staff member of `role`, signed in to the console on a PC browser. */
export async function staffSession(gw: TestGateway, role: StaffRole) {
  const login = `${role}-${++seq}-${Math.random().toString(36).slice(2, 6)}`;
  const id = await gw.booted.services.staff.createStaff(null, { login, name: `${role}${seq}`, role, password: STAFF_PASSWORD });
  const h = new Handset(gw, UA.pc, { keepsCookies: true });
  await h.get('/staff/login');
  await h.submit(h.form('password'), { login, password: STAFF_PASSWORD });
  expect(h.last.text).toContain('スタッフコンソール');
  expect(h.last.url).toBe('/staff');
  return { id, login, h };
}

/** The audit log's actions, oldest first. */
export async function auditActions(gw: TestGateway): Promise<string[]> {
  return (await gw.booted.services.store.staffAudit.recent(10_000, 0)).map((e) => `${e.action} ${e.targetKind}:${e.targetId}`).reverse();
}

/** Submits the form on the current page whose action matches. */
export async function press(h: Handset, action: RegExp, values: Record<string, string> = {}) {
  return h.submit(h.formTo(action), values);
}
