import { DomainError } from '../errors.js';
import type { AccessGate } from '../access.js';
import type { Clock } from '../ports.js';
import { LIMITS, type AttemptLimiter } from '../limits.js';
import type { CommunityRole, CommunityStore, CommunityWrites, Membership } from './ports.js';
import { belongs, manages, standing } from './rules.js';

export const MEMBERS_PAGE_SIZE = 20;
/** One join-request notice per member and community in this window (withdrawing and asking again sends none). */
const NOTICE_WINDOW_MS = 24 * 60 * 60_000;

/**
 * Joining and leaving, approvals, sub-administrators, handing over, bans. Join requests and
 * decisions reach the members concerned as messages (never across a block).
 */
export class MembershipService {
  constructor(
    private readonly store: CommunityStore,
    private readonly clock: Clock,
    private readonly gate: AccessGate,
    private readonly limiter: AttemptLimiter,
  ) {}

  /**
   * Notices for the recipients no block separates from the sender, decided before the
   * transaction (which must read only through `tx`), sent inside it.
   */
  private async notices(fromId: number, toIds: readonly number[]) {
    const hidden = await this.gate.hiddenFor(fromId);
    const to = toIds.filter((id) => id !== fromId && !hidden.has(id));
    /** A notice in each inbox; the sender's copy is not kept (the system wrote it for them). */
    return async (tx: CommunityWrites, subject: string, body: string, only?: number) => {
      for (const toId of to) {
        if (only === undefined || only === toId) await tx.messages.insert({ fromId, toId, subject, body, createdAt: this.clock.now(), readAt: null, senderBox: 'gone', recipientBox: 'inbox' });
      }
    };
  }

  /** Joins an open community, or asks to join one that approves; returns the new role. */
  async join(memberId: number, communityId: number): Promise<CommunityRole> {
    const s = await standing(this.store, memberId, communityId, 'front');
    if (s.role !== null) return s.role;
    const c = s.community;
    const role: CommunityRole = c.joinPolicy === 'open' ? 'member' : 'pending';
    if (!(await this.limiter.reserve([{ key: `communityJoins:${memberId}`, ...LIMITS.communityJoins }]))) throw new DomainError('rate_limited');
    // The request reaches the managers once a day per member and community, however often it is withdrawn and made again.
    const tell = role === 'pending' && (await this.limiter.reserve([{ key: `communityJoinNotice:${memberId}:${c.id}`, max: 1, windowMs: NOTICE_WINDOW_MS }])) !== null;
    const managers = tell ? await this.store.communityMembers.list(c.id, ['admin', 'sub'], 50, 0) : [];
    const notify = await this.notices(memberId, managers.map((m) => m.memberId));
    await this.store.transaction(async (tx) => {
      if (!(await tx.communityMembers.add({ communityId: c.id, memberId, role, joinedAt: this.clock.now() }))) return;
      if (role === 'member') return tx.communities.recount(c.id);
      await notify(tx, 'コミュニティ参加申請', `「${c.name}」への参加申請が届きました。\nコミュニティのメンバー一覧から承認できます。`);
    });
    return role;
  }

  /**
   * Leaves (or withdraws a request). An administrator who leaves hands over to the longest-standing
   * sub-admin, else member; with nobody left the community closes. Every change is conditional on
   * the role read in the same transaction: a member banned, promoted or handed the community
   * meanwhile gets not_found (and the ban, or the administration, stands).
   */
  async leave(memberId: number, communityId: number): Promise<void> {
    const s = await standing(this.store, memberId, communityId, 'front');
    if (s.role === null || s.role === 'banned') return;
    const c = s.community;
    const heir = s.role === 'admin' ? await this.store.communityMembers.successor(c.id, memberId) : null;
    const notify = await this.notices(memberId, heir === null ? [] : [heir]);
    await this.store.transaction(async (tx) => {
      const role = await tx.communityMembers.role(c.id, memberId);
      if (role === null || role === 'banned' || !(await tx.communityMembers.remove(c.id, memberId, [role]))) throw new DomainError('not_found');
      if (role === 'admin') await this.succeed(tx, c.id, c.name, memberId, notify);
      await tx.communities.recount(c.id);
    });
  }

  /** Inside the leaving admin's transaction: the next admin (one who left meanwhile is passed over), or the community closes. */
  private async succeed(tx: CommunityWrites, communityId: number, name: string, leaving: number, notify: Awaited<ReturnType<MembershipService['notices']>>) {
    for (let tries = 0; tries < 5; tries++) {
      const next = await tx.communityMembers.successor(communityId, leaving);
      if (next === null) return tx.communities.setStatus(communityId, 'closed');
      if (await tx.communityMembers.setRole(communityId, next, 'admin', ['sub', 'member'])) {
        await tx.communities.setAdmin(communityId, next);
        return notify(tx, 'コミュニティ管理人の引き継ぎ', `「${name}」の管理人になりました。`, next);
      }
    }
    throw new DomainError('not_found');
  }

  /** The target's role, for an administrator acting on them (not_found for anyone else's eyes). */
  private async managed(actorId: number, communityId: number, targetId: number) {
    const s = await standing(this.store, actorId, communityId, 'front');
    if (!manages(s.role) || targetId === actorId) throw new DomainError('not_found');
    return { ...s, target: await this.store.communityMembers.role(s.community.id, targetId) };
  }

  /** Runs `work` in a transaction; a conditional change that found the row changed meanwhile answers not_found. */
  private async conditional(work: (tx: CommunityWrites, must: (changed: boolean) => void) => Promise<unknown>): Promise<void> {
    const must = (changed: boolean) => {
      if (!changed) throw new DomainError('not_found');
    };
    await this.store.transaction((tx) => work(tx, must));
  }

  /** An administrator approves or turns down a request to join. */
  async decide(actorId: number, communityId: number, targetId: number, approve: boolean): Promise<void> {
    const { community: c, target } = await this.managed(actorId, communityId, targetId);
    if (target !== 'pending') throw new DomainError('not_found');
    const notify = await this.notices(actorId, [targetId]);
    await this.conditional(async (tx, must) => {
      must(approve ? await tx.communityMembers.setRole(c.id, targetId, 'member', ['pending']) : await tx.communityMembers.remove(c.id, targetId, ['pending']));
      await tx.communities.recount(c.id);
      await notify(tx, approve ? 'コミュニティ参加承認' : 'コミュニティ参加申請', approve ? `「${c.name}」への参加が承認されました。` : `「${c.name}」への参加は承認されませんでした。`);
    });
  }

  /**
   * Bans a member (or someone asking to join) for good; only the admin bans a sub-admin. The admin
   * is never banned. Moderation reaches members across a block (blocking the admin is no shield).
   */
  async ban(actorId: number, communityId: number, targetId: number): Promise<void> {
    const { community: c, role, target } = await this.managed(actorId, communityId, targetId);
    const from: CommunityRole[] = role === 'admin' ? ['sub', 'member', 'pending'] : ['member', 'pending'];
    if (target === null || !from.includes(target)) throw new DomainError('not_found');
    await this.conditional(async (tx, must) => {
      must(await tx.communityMembers.setRole(c.id, targetId, 'banned', from));
      await tx.communities.recount(c.id);
    });
  }

  /** The administrator lifts a ban (the member may join again); sub-admins cannot undo bans. */
  async unban(actorId: number, communityId: number, targetId: number): Promise<void> {
    const { community: c, role, target } = await this.managed(actorId, communityId, targetId);
    if (role !== 'admin' || target !== 'banned') throw new DomainError('not_found');
    await this.conditional(async (tx, must) => must(await tx.communityMembers.remove(c.id, targetId, ['banned'])));
  }

  /** Appointments go only to members no block separates from the administrator. */
  private async appointable(actorId: number, targetId: number) {
    if (await this.gate.blocked(actorId, targetId)) throw new DomainError('not_found');
  }

  /** The administrator makes a member a sub-administrator, or a sub-administrator a member again. */
  async setSub(actorId: number, communityId: number, targetId: number, sub: boolean): Promise<void> {
    const { community: c, role, target } = await this.managed(actorId, communityId, targetId);
    if (role !== 'admin' || target !== (sub ? 'member' : 'sub')) throw new DomainError('not_found');
    if (sub) await this.appointable(actorId, targetId);
    await this.conditional(async (tx, must) => must(await tx.communityMembers.setRole(c.id, targetId, sub ? 'sub' : 'member', [sub ? 'member' : 'sub'])));
  }

  /** The administrator hands the community over to a member or sub-admin, staying on as a sub-admin. */
  async handOver(actorId: number, communityId: number, targetId: number): Promise<void> {
    const { community: c, role, target } = await this.managed(actorId, communityId, targetId);
    if (role !== 'admin' || !belongs(target)) throw new DomainError('not_found');
    await this.appointable(actorId, targetId);
    const notify = await this.notices(actorId, [targetId]);
    await this.conditional(async (tx, must) => {
      must(await tx.communityMembers.setRole(c.id, actorId, 'sub', ['admin']));
      must(await tx.communityMembers.setRole(c.id, targetId, 'admin', ['sub', 'member']));
      await tx.communities.setAdmin(c.id, targetId);
      await notify(tx, 'コミュニティ管理人の引き継ぎ', `「${c.name}」の管理人を引き継ぎました。`);
    });
  }

  /**
   * One page of the member list (admin, sub-admins, members; 20 a page), and for administrators
   * the same page of pending requests and bans. Nobody hidden from the viewer is listed, except
   * to administrators, who see them (unnamed, by the route) so that moderation still reaches them.
   * `hasMore` is decided before anyone is left out.
   */
  async members(viewerId: number, communityId: number, page: number): Promise<{ role: CommunityRole | null; members: Membership[]; pending: Membership[]; banned: Membership[]; hasMore: boolean }> {
    const s = await standing(this.store, viewerId, communityId, 'front');
    const v = this.gate.viewer(viewerId);
    const p = Math.max(1, Math.min(page, 1000));
    const admin = manages(s.role);
    const slice = async (roles: CommunityRole[]) => {
      const rows = await this.store.communityMembers.list(s.community.id, roles, MEMBERS_PAGE_SIZE + 1, (p - 1) * MEMBERS_PAGE_SIZE);
      return { rows: rows.slice(0, MEMBERS_PAGE_SIZE), more: rows.length > MEMBERS_PAGE_SIZE };
    };
    const all = await slice(['admin', 'sub', 'member']);
    const pending = admin ? await slice(['pending']) : { rows: [], more: false };
    const banned = admin ? await slice(['banned']) : { rows: [], more: false };
    return {
      role: s.role,
      members: admin ? all.rows : await v.withoutHidden(all.rows, (m) => m.memberId),
      pending: pending.rows,
      banned: banned.rows,
      hasMore: all.more || pending.more || banned.more,
    };
  }
}
