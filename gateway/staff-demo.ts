import type { Services } from './services.js';

/** The demo staff account (contract: development only, never seeded in production). */
export const DEMO_STAFF = { login: 'demo-staff', password: 'ashiato-demo' } as const;

/**
 * The demo staff member, an admin (every console page), seeded with the demo members on an
 * empty database; its published password works only from this machine (gateway/routes/staff.ts).
 */
export async function seedDemoStaff(s: Services): Promise<void> {
  await s.staff.createStaff(null, { login: DEMO_STAFF.login, name: 'デモスタッフ', role: 'admin', password: DEMO_STAFF.password });
}
