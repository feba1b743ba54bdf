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

  /** Leaves (or withdraws a request). An administrator who leaves hands over to the longest-standing sub-admin, else member; with nobody left the community closes. */
  async leave(memberId: number, communityId: number): Promise<void> {
    const s = await standing(this.store, memberId, communityId, 'front');
    if (s.role === null) return;
    const c = s.community;
    const heir = s.role === 'admin' ? await this.store.communityMembers.successor(c.id, memberId) : null;
    const notify = await this.notices(memberId, heir === null ? [] : [heir]);
    await this.store.transaction(async (tx) => {
      if (s.role === 'admin') {
        const next = await tx.communityMembers.successor(c.id, memberId);
        if (next === null) await tx.communities.setStatus(c.id, 'closed');
        else {
          await tx.communityMembers.setRole(c.id, next, 'admin');
          await tx.communities.setAdmin(c.id, next);
          await notify(tx, 'コミュニティ管理人の引き継ぎ', `「${c.name}」の管理人になりました。`, next);
        }
      }
      await tx.communityMembers.remove(c.id, memberId);
      await tx.communities.recount(c.id);
    });
  }

  /** The target's role, for an administrator acting on them (not_found for anyone else's eyes). */
  private async managed(actorId: number, communityId: number, targetId: number) {
    const s = await standing(this.store, actorId, communityId, 'front');
    if (!manages(s.role) || targetId === actorId) throw new DomainError('not_found');
    return { ...s, target: await this.store.communityMembers.role(s.community.id, targetId) };
  }

  /** An administrator approves or turns down a request to join. */
  async decide(actorId: number, communityId: number, targetId: number, approve: boolean): Promise<void> {
    const { community: c, target } = await this.managed(actorId, communityId, targetId);
    if (target !== 'pending') throw new DomainError('not_found');
    const notify = await this.notices(actorId, [targetId]);
    await this.store.transaction(async (tx) => {
      if (approve) await tx.communityMembers.setRole(c.id, targetId, 'member');
      else await tx.communityMembers.remove(c.id, targetId);
      await tx.communities.recount(c.id);
      await notify(tx, approve ? 'コミュニティ参加承認' : 'コミュニティ参加申請', approve ? `「${c.name}」への参加が承認されました。` : `「${c.name}」への参加は承認されませんでした。`);
    });
  }

  /** Bans a member (or someone asking to join) for good; only the admin bans a sub-admin. The admin is never banned. */
  async ban(actorId: number, communityId: number, targetId: number): Promise<void> {
    const { community: c, role, target } = await this.managed(actorId, communityId, targetId);
    if (target === null || target === 'admin' || target === 'banned' || (target === 'sub' && role !== 'admin')) throw new DomainError('not_found');
    await this.store.transaction(async (tx) => {
      await tx.communityMembers.setRole(c.id, targetId, 'banned');
      await tx.communities.recount(c.id);
    });
  }

  /** Lifts a ban (the member may join again). */
  async unban(actorId: number, communityId: number, targetId: number): Promise<void> {
    const { community: c, target } = await this.managed(actorId, communityId, targetId);
    if (target !== 'banned') throw new DomainError('not_found');
    await this.store.communityMembers.remove(c.id, targetId);
  }

  /** The administrator makes a member a sub-administrator, or a sub-administrator a member again. */
  async setSub(actorId: number, communityId: number, targetId: number, sub: boolean): Promise<void> {
    const { community: c, role, target } = await this.managed(actorId, communityId, targetId);
    if (role !== 'admin' || target !== (sub ? 'member' : 'sub')) throw new DomainError('not_found');
    await this.store.communityMembers.setRole(c.id, targetId, sub ? 'sub' : 'member');
  }

  /** The administrator hands the community over to a member or sub-admin, staying on as a sub-admin. */
  async handOver(actorId: number, communityId: number, targetId: number): Promise<void> {
    const { community: c, role, target } = await this.managed(actorId, communityId, targetId);
    if (role !== 'admin' || !belongs(target)) throw new DomainError('not_found');
    const notify = await this.notices(actorId, [targetId]);
    await this.store.transaction(async (tx) => {
      await tx.communityMembers.setRole(c.id, targetId, 'admin');
      await tx.communityMembers.setRole(c.id, actorId, 'sub');
      await tx.communities.setAdmin(c.id, targetId);
      await notify(tx, 'コミュニティ管理人の引き継ぎ', `「${c.name}」の管理人を引き継ぎました。`);
    });
  }

  /**
   * The member list (admin, sub-admins, members; 20 a page), and for administrators the pending
   * requests and bans too. Nobody hidden from the viewer is listed.
   */
  async members(viewerId: number, communityId: number, page: number): Promise<{ role: CommunityRole | null; members: Membership[]; pending: Membership[]; banned: Membership[] }> {
    const s = await standing(this.store, viewerId, communityId, 'front');
    const v = this.gate.viewer(viewerId);
    const p = Math.max(1, Math.min(page, 1000));
    const all = await this.store.communityMembers.list(s.community.id, ['admin', 'sub', 'member'], MEMBERS_PAGE_SIZE, (p - 1) * MEMBERS_PAGE_SIZE);
    const admin = manages(s.role);
    return {
      role: s.role,
      members: await v.withoutHidden(all, (m) => m.memberId),
      pending: admin ? await v.withoutHidden(await this.store.communityMembers.list(s.community.id, ['pending'], 50, 0), (m) => m.memberId) : [],
      banned: admin ? await v.withoutHidden(await this.store.communityMembers.list(s.community.id, ['banned'], 50, 0), (m) => m.memberId) : [],
    };
  }
}
