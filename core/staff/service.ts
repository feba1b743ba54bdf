import { digest, hashPassword, randomToken, verifyPassword } from '../crypto.js';
import { DomainError } from '../errors.js';
import { clientBudget, LIMITS, type AttemptLimiter, type Client } from '../limits.js';
import type { Clock } from '../ports.js';
import { may, STAFF_ROLES, weakStaffPassword, type Permission } from './roles.js';
import type { AuditEntry, Staff, StaffRole, StaffStore, StaffTx } from './ports.js';

/** A staff sign-in lasts a working shift at most. */
const SESSION_MS = 8 * 3600_000;

/**
 * The staff console's accounts: its own table and sessions (never members'), sign-in throttled
 * per login and per client, roles checked on every call, and every action written to the
 * append-only audit log in the same transaction as the change it records.
 */
export class StaffService {
  constructor(
    readonly store: StaffStore,
    readonly clock: Clock,
    private readonly limiter: AttemptLimiter,
  ) {}

  async login(login: string, password: string, client: Client): Promise<{ token: string; staff: Staff }> {
    const name = login.trim().toLowerCase().slice(0, 64);
    const r = await this.limiter.reserve([{ key: `staff:login:${name}`, ...LIMITS.staffPassword }, clientBudget('staff:addr', client, LIMITS.staffPassword)]);
    if (!r) throw new DomainError('rate_limited');
    const s = await this.store.staff.byLogin(name);
    if (!s || !(await verifyPassword(password, s.passwordHash))) throw new DomainError('invalid_credentials');
    await r.release();
    const token = randomToken(24);
    const { passwordHash: _, ...staff } = s;
    await this.store.transaction(async (tx) => {
      await tx.staff.startSession(digest(token), s.id, this.clock.now() + SESSION_MS);
      await this.audit(tx, staff, 'login', 'staff', s.id, `from ${client.address}`);
    });
    return { token, staff };
  }

  async resume(token: string): Promise<Staff | null> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
    const id = await this.store.staff.session(digest(token), this.clock.now());
    return id === null ? null : this.store.staff.byId(id);
  }

  async logout(token: string, staff: Staff | null): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.staff.endSession(digest(token));
      if (staff) await this.audit(tx, staff, 'logout', 'staff', staff.id, '');
    });
  }

  /** Refuses (forbidden) what the staff member's role does not allow. */
  require(staff: Staff, p: Permission): void {
    if (!may(staff.role, p)) throw new DomainError('forbidden');
  }

  /** Writes one audit entry inside the action's transaction. */
  audit(tx: Pick<StaffTx, 'staffAudit'>, staff: Staff, action: string, targetKind: string, targetId: number, detail: string): Promise<number> {
    return tx.staffAudit.append({ staffId: staff.id, action, targetKind, targetId, detail, createdAt: this.clock.now() });
  }

  /** Runs a staff action and its audit entry in one transaction. */
  act<T>(staff: Staff, action: string, target: { kind: string; id: number; detail?: string }, work: (tx: StaffTx) => Promise<T>): Promise<T> {
    return this.store.transaction(async (tx) => {
      const out = await work(tx);
      await this.audit(tx, staff, action, target.kind, target.id, target.detail ?? '');
      return out;
    });
  }

  /** Creates a staff account (admins; the demo seeder passes no actor). */
  async createStaff(actor: Staff | null, input: { login: string; name: string; role: string; password: string }): Promise<number> {
    if (actor) this.require(actor, 'staff');
    const login = input.login.trim().toLowerCase();
    const fields: Record<string, string> = {};
    if (!/^[a-z0-9][a-z0-9_-]{2,31}$/.test(login)) fields.login = '英小文字・数字・_・- の3〜32文字にしてください。';
    const name = input.name.trim();
    if (!name || name.length > 50) fields.name = '名前を50文字以内で入力してください。';
    if (!STAFF_ROLES.includes(input.role as StaffRole)) fields.role = '役割を選んでください。';
    const weak = weakStaffPassword(input.password, login);
    if (weak) fields.password = weak;
    if (Object.keys(fields).length) throw new DomainError('invalid_input', fields);
    if (await this.store.staff.byLogin(login)) throw new DomainError('invalid_input', { login: 'このログインIDは使われています。' });
    const passwordHash = await hashPassword(input.password);
    const row = { login, name, role: input.role as StaffRole, passwordHash, createdAt: this.clock.now() };
    if (!actor) return this.store.staff.insert(row);
    return this.store.transaction(async (tx) => {
      const id = await tx.staff.insert(row);
      await this.audit(tx, actor, 'staff.create', 'staff', id, `${login} (${input.role})`);
      return id;
    });
  }

  async staffList(actor: Staff): Promise<Staff[]> {
    this.require(actor, 'staff');
    return this.store.staff.list();
  }

  /** One page of the audit log, newest first, with each entry's staff login. */
  async auditLog(actor: Staff, page: number): Promise<(AuditEntry & { staffLogin: string })[]> {
    this.require(actor, 'audit');
    const logins = new Map((await this.store.staff.list()).map((x) => [x.id, x.login]));
    const rows = await this.store.staffAudit.recent(50, Math.max(0, page - 1) * 50);
    return rows.map((r) => ({ ...r, staffLogin: logins.get(r.staffId) ?? String(r.staffId) }));
  }
}
