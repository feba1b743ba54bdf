import { DomainError } from '../errors.js';
import { MEMBER_PAGES, type AccessGate } from '../access.js';
import type { Clock } from '../ports.js';
import type { Member } from '../members/ports.js';
import { AttemptLimiter, LIMITS } from '../limits.js';
import { memberText } from '../validate.js';
import type { Echo, EchoStore } from './ports.js';
import { OPEN_SCREEN, type ContentScreen } from '../staff/screen.js';

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
    private readonly screen: ContentScreen = OPEN_SCREEN,
  ) {
    this.limiter = new AttemptLimiter(store.attempts, clock);
  }

  /** Posts an echo, or a reply to one the author may read; budgeted per member (LIMITS.echoes). */
  async post(memberId: number, rawBody: string, replyTo: number | null = null): Promise<number> {
    return (await this.posted(memberId, rawBody, replyTo)).id;
  }

  /** As `post`, answering with the echo as stored (for its author's own page). */
  async posted(memberId: number, rawBody: string, replyTo: number | null = null): Promise<Echo> {
    const body = memberText('body', 'エコー', rawBody, 1, ECHO_MAX);
    if (replyTo !== null) await this.read(memberId, replyTo);
    const word = await this.screen.check(body);
    if (!(await this.limiter.reserve([{ key: `echo:member:${memberId}`, ...LIMITS.echoes }]))) throw new DomainError('rate_limited');
    const echo = { memberId, body, replyTo, createdAt: this.clock.now() };
    const id = await this.store.echoes.insert(echo);
    await this.screen.held('echo', id, word);
    return { id, ...echo };
  }

  /** One echo the viewer may read, with the replies they may see; not_found otherwise. */
  async read(viewerId: number, id: number): Promise<Echo> {
    const e = Number.isSafeInteger(id) ? await this.store.echoes.find(id) : null;
    if (!e) throw new DomainError('not_found');
    const v = this.gate.viewer(viewerId);
    await v.require(e.memberId, MEMBER_PAGES);
    await v.requireShown('echo', e.id, e.memberId);
    return e;
  }

  async thread(viewerId: number, id: number): Promise<{ echo: Echo; parent: Echo | null; replies: Echo[] }> {
    const echo = await this.read(viewerId, id);
    const v = this.gate.viewer(viewerId);
    const parentRaw = echo.replyTo !== null ? await this.store.echoes.find(echo.replyTo) : null;
    const shown = async (list: Echo[]) => v.shown('echo', await v.withoutHidden(list, (x) => x.memberId), (x) => x.id, (x) => x.memberId);
    const [parent] = parentRaw ? await shown([parentRaw]) : [];
    const replies = await shown(await this.store.echoes.replies(echo.id, 50));
    return { echo, parent: parent ?? null, replies };
  }

  /** The viewer's and their friends' echoes, newest first (never anyone a block stands between). */
  async friendsEchoes(viewerId: number, page: number): Promise<Echo[]> {
    return (await this.friendsEchoesPage(viewerId, page)).echoes;
  }

  /** As friendsEchoes, with how many rows the page read before the gate dropped any (`rows`). */
  async friendsEchoesPage(viewerId: number, page: number): Promise<{ echoes: Echo[]; rows: number }> {
    const v = this.gate.viewer(viewerId);
    const hidden = await v.hidden();
    const rows = await this.store.echoes.ofMemberAndFriends(viewerId, [...hidden], ECHO_PAGE_SIZE, (Math.max(page, 1) - 1) * ECHO_PAGE_SIZE);
    // Hidden echoes (staff, or an NG word held) are dropped through the gate.
    return { echoes: await v.shown('echo', rows, (x) => x.id, (x) => x.memberId), rows: rows.length };
  }

  /** One member's echoes, for a viewer who may open that member's pages. */
  async memberEchoes(viewerId: number, ownerId: number, page: number): Promise<{ owner: Member; echoes: Echo[] }> {
    const { member: owner } = await this.gate.owner(viewerId, ownerId);
    const echoes = await this.store.echoes.byMembers([owner.id], ECHO_PAGE_SIZE, (Math.max(page, 1) - 1) * ECHO_PAGE_SIZE);
    return { owner, echoes: await this.gate.shown(viewerId, 'echo', echoes, (x) => x.id, (x) => x.memberId) };
  }

  /** The author deletes an echo (replies to it stay, shown without it). */
  async delete(memberId: number, id: number): Promise<void> {
    const e = Number.isSafeInteger(id) ? await this.store.echoes.find(id) : null;
    if (!e || e.memberId !== memberId) throw new DomainError('not_found');
    await this.store.echoes.delete(id);
  }
}
