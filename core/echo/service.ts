import { DomainError } from '../errors.js';
import { MEMBER_PAGES, type AccessGate } from '../access.js';
import type { Clock } from '../ports.js';
import type { Member } from '../members/ports.js';
import { AttemptLimiter, LIMITS } from '../limits.js';
import { memberText } from '../validate.js';
import type { Echo, EchoStore } from './ports.js';

/** mixi Echo's length: 150 characters, a pictogram counting as one (core/text.ts). */
export const ECHO_MAX = 150;
export const ECHO_PAGE_SIZE = 20;

/**
 * Echo: short posts every member may read (members only, as the member pages are; never across a
 * block), replies to an echo, friends' echoes, one member's echoes, deleting one's own.
 */
export class EchoService {
  private readonly limiter: AttemptLimiter;

  constructor(
    private readonly store: EchoStore,
    private readonly clock: Clock,
    private readonly gate: AccessGate,
  ) {
    this.limiter = new AttemptLimiter(store.attempts, clock);
  }

  /** Posts an echo, or a reply to one the author may read; budgeted per member (LIMITS.echoes). */
  async post(memberId: number, rawBody: string, replyTo: number | null = null): Promise<number> {
    const body = memberText('body', 'エコー', rawBody, 1, ECHO_MAX);
    if (replyTo !== null) await this.read(memberId, replyTo);
    if (!(await this.limiter.reserve([{ key: `echo:member:${memberId}`, ...LIMITS.echoes }]))) throw new DomainError('rate_limited');
    return this.store.echoes.insert({ memberId, body, replyTo, createdAt: this.clock.now() });
  }

  /** One echo the viewer may read, with the replies they may see; not_found otherwise. */
  async read(viewerId: number, id: number): Promise<Echo> {
    const e = Number.isSafeInteger(id) ? await this.store.echoes.find(id) : null;
    if (!e) throw new DomainError('not_found');
    await this.gate.require(viewerId, e.memberId, MEMBER_PAGES);
    return e;
  }

  async thread(viewerId: number, id: number): Promise<{ echo: Echo; parent: Echo | null; replies: Echo[] }> {
    const echo = await this.read(viewerId, id);
    const v = this.gate.viewer(viewerId);
    const parentRaw = echo.replyTo !== null ? await this.store.echoes.find(echo.replyTo) : null;
    const [parent] = parentRaw ? await v.withoutHidden([parentRaw], (x) => x.memberId) : [];
    const replies = await v.withoutHidden(await this.store.echoes.replies(echo.id, 50), (x) => x.memberId);
    return { echo, parent: parent ?? null, replies };
  }

  /** The viewer's and their friends' echoes, newest first (never anyone a block stands between). */
  async friendsEchoes(viewerId: number, page: number): Promise<Echo[]> {
    const v = this.gate.viewer(viewerId);
    const hidden = await v.hidden();
    return this.store.echoes.ofMemberAndFriends(viewerId, [...hidden], ECHO_PAGE_SIZE, (Math.max(page, 1) - 1) * ECHO_PAGE_SIZE);
  }

  /** One member's echoes, for a viewer who may open that member's pages. */
  async memberEchoes(viewerId: number, ownerId: number, page: number): Promise<{ owner: Member; echoes: Echo[] }> {
    const { member: owner } = await this.gate.owner(viewerId, ownerId);
    return { owner, echoes: await this.store.echoes.byMembers([owner.id], ECHO_PAGE_SIZE, (Math.max(page, 1) - 1) * ECHO_PAGE_SIZE) };
  }

  /** The author deletes an echo (replies to it stay, shown without it). */
  async delete(memberId: number, id: number): Promise<void> {
    const e = Number.isSafeInteger(id) ? await this.store.echoes.find(id) : null;
    if (!e || e.memberId !== memberId) throw new DomainError('not_found');
    await this.store.echoes.delete(id);
  }
}
