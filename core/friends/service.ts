import { DomainError } from '../errors.js';
import type { AccessGate } from '../access.js';
import type { Clock } from '../ports.js';
import type { FriendRequest, FriendStore } from './ports.js';
import type { Member } from '../members/ports.js';
import { checkRate, memberText } from '../validate.js';

const DAY = 86_400_000;
export const FRIEND_REQUESTS_PER_DAY = 20;
/** Entries each side of a new friendship gets from the other's diary. */
const FEED_BACKFILL = 10;

/** マイミク: requests with a message, accept or decline, remove, suggestions; and blocks. */
export class FriendService {
  constructor(
    private readonly store: FriendStore,
    private readonly clock: Clock,
    private readonly gate: AccessGate,
  ) {}

  /**
   * Sends a request. A request the other member already sent this one is accepted instead.
   * Blocked either way looks like a missing member.
   */
  async request(fromId: number, toId: number, message: string): Promise<'sent' | 'befriended'> {
    if (fromId === toId) throw new DomainError('forbidden');
    await this.gate.contact(fromId, toId);
    if (await this.store.friendships.areFriends(fromId, toId)) throw new DomainError('already_friends');
    if (await this.store.friendRequests.pendingBetween(fromId, toId)) throw new DomainError('request_pending');
    const text = memberText('message', 'メッセージ', message, 0, 500);
    const now = this.clock.now();
    const reverse = await this.store.friendRequests.pendingBetween(toId, fromId);
    if (reverse) {
      await this.accept(fromId, reverse.id);
      return 'befriended';
    }
    checkRate(await this.store.friendRequests.countSince(fromId, now - DAY), FRIEND_REQUESTS_PER_DAY);
    // The request and its notice in the recipient's messages arrive together.
    await this.store.transaction(async (tx) => {
      await tx.friendRequests.insert({ fromId, toId, message: text, status: 'pending', createdAt: now });
      await tx.messages.insert({
        fromId,
        toId,
        subject: 'マイミク申請が届きました',
        body: `${text ? `${text}\n\n` : ''}「マイミク申請」のページで承認またはお断りができます。`,
        createdAt: now,
        readAt: null,
        senderBox: 'gone',
        recipientBox: 'inbox',
      });
    });
    return 'sent';
  }

  /** True when this member's request to the other is waiting for an answer (the profile says 申請中). */
  async requested(fromId: number, toId: number): Promise<boolean> {
    return (await this.store.friendRequests.pendingBetween(fromId, toId)) !== null;
  }

  /** Accepts a request addressed to this member; the friendship and the answer commit together. */
  async accept(memberId: number, requestId: number): Promise<FriendRequest> {
    const r = await this.store.friendRequests.find(requestId);
    if (!r || r.toId !== memberId || r.status !== 'pending') throw new DomainError('not_found');
    await this.store.transaction(async (tx) => {
      if (!(await tx.friendRequests.settle(r.id, 'accepted'))) throw new DomainError('not_found');
      await tx.friendships.befriend(r.fromId, r.toId, this.clock.now());
      // New friends see each other's recent entries at once.
      await tx.feeds.backfill(r.fromId, r.toId, FEED_BACKFILL);
      await tx.feeds.backfill(r.toId, r.fromId, FEED_BACKFILL);
    });
    return r;
  }

  /**
   * A member who joined by another's invitation becomes their マイミク at once (as on mixi), unless
   * the inviter has left, is suspended, or a block stands between them.
   */
  async befriendInvited(newMemberId: number, inviterId: number): Promise<boolean> {
    const inviter = await this.store.members.findById(inviterId);
    if (!inviter || inviter.status !== 'active' || newMemberId === inviterId || (await this.gate.blocked(newMemberId, inviterId))) return false;
    if (await this.store.friendships.areFriends(newMemberId, inviterId)) return true;
    await this.store.transaction(async (tx) => {
      await tx.friendships.befriend(inviterId, newMemberId, this.clock.now());
      await tx.feeds.backfill(inviterId, newMemberId, FEED_BACKFILL);
      await tx.feeds.backfill(newMemberId, inviterId, FEED_BACKFILL);
    });
    return true;
  }

  async decline(memberId: number, requestId: number): Promise<void> {
    const r = await this.store.friendRequests.find(requestId);
    if (!r || r.toId !== memberId || !(await this.store.friendRequests.settle(r.id, 'declined'))) throw new DomainError('not_found');
  }

  async remove(memberId: number, friendId: number): Promise<void> {
    if (!(await this.store.friendships.areFriends(memberId, friendId))) throw new DomainError('not_found');
    await this.store.transaction(async (tx) => {
      await tx.friendships.unfriend(memberId, friendId);
      await tx.feeds.removeBetween(memberId, friendId);
    });
  }

  /** Requests waiting for this member, leaving out anyone a block stands between. */
  async pending(memberId: number): Promise<FriendRequest[]> {
    return this.gate.withoutHidden(memberId, await this.store.friendRequests.pendingTo(memberId), (r) => r.fromId);
  }

  /** 友人かも: members sharing the most friends, not yet friends, not blocked. */
  async suggestions(memberId: number, limit = 5): Promise<{ memberId: number; shared: number }[]> {
    const v = this.gate.viewer(memberId);
    const hidden = await v.hidden();
    return (await v.withoutHidden(await this.store.friendships.suggestions(memberId, limit + hidden.size), (s) => s.memberId)).slice(0, limit);
  }

  /** Blocks a member: ends the friendship and any pending requests between them, in one transaction. */
  async block(memberId: number, otherId: number): Promise<void> {
    if (memberId === otherId) throw new DomainError('forbidden');
    // Someone a block already stands between is missing here too: blocking a member who blocked
    // you would otherwise name them on your list of blocked members.
    await this.gate.contact(memberId, otherId);
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      await tx.blocks.block(memberId, otherId, now);
      await tx.friendships.unfriend(memberId, otherId);
      await tx.feeds.removeBetween(memberId, otherId);
      for (const [a, b] of [
        [memberId, otherId],
        [otherId, memberId],
      ] as const) {
        const r = await tx.friendRequests.pendingBetween(a, b);
        if (r) await tx.friendRequests.settle(r.id, 'withdrawn');
      }
    });
  }

  /** Members this one blocked, by name: their own list, the one place they are named, to unblock. */
  async blockList(memberId: number): Promise<{ id: number; nickname: string }[]> {
    const rows = await this.store.members.findMany(await this.gate.blockedBy(memberId));
    return rows.filter((m) => m.status === 'active').map((m) => ({ id: m.id, nickname: m.nickname }));
  }

  async unblock(memberId: number, otherId: number): Promise<void> {
    await this.store.blocks.unblock(memberId, otherId);
  }

  /**
   * A member's friend list as the viewer may see it: members only, never a list of someone a
   * block stands between (not_found, as for a missing member), and never naming anyone hidden
   * from the viewer.
   */
  async listFor(viewerId: number | null, ownerId: number): Promise<{ owner: Member; friends: { id: number; nickname: string }[] }> {
    const v = this.gate.viewer(viewerId);
    const { member: owner } = await v.owner(ownerId);
    const ids = await this.store.friendships.friendsOf(owner.id);
    const names = await v.names(ids);
    return { owner, friends: ids.filter((id) => names.has(id)).map((id) => ({ id, nickname: names.get(id)! })) };
  }
}
