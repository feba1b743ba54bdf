import { DomainError } from '../errors.js';
import type { AccessGate } from '../access.js';
import type { Clock } from '../ports.js';
import type { CommunityStore, Participant } from './ports.js';
import { belongs, requireBelongs } from './rules.js';
import type { TopicRead, TopicService } from './topics.js';

/** What a poll shows one viewer: the choices, their vote, and the results once they may see them. */
export interface PollView {
  choices: { number: number; label: string; votes: number | null }[];
  myVote: number | null;
  closed: boolean;
  /** Results show after voting, or to everyone once the deadline has passed. */
  showResults: boolean;
  total: number | null;
}

export const PARTICIPANTS_PAGE_SIZE = 20;

const full = () => new DomainError('invalid_input', { form: '定員に達しているため参加できません' });

/** Events (join, cancel, participants within the capacity) and polls (one vote each, results). */
export class EventService {
  constructor(
    private readonly store: CommunityStore,
    private readonly topics: TopicService,
    private readonly clock: Clock,
    private readonly gate: AccessGate,
  ) {}

  private async open(memberId: number, communityId: number, topicId: number, kind: 'event' | 'poll'): Promise<TopicRead> {
    const r = await this.topics.read(memberId, communityId, topicId);
    if (r.topic.kind !== kind) throw new DomainError('not_found');
    requireBelongs(r);
    if (r.topic.deadline !== null && this.clock.now() >= r.topic.deadline) throw new DomainError('invalid_input', { form: '締め切りを過ぎています' });
    return r;
  }

  /**
   * Takes a place at an event. The event's row is locked first, so joiners take turns: each sees
   * the places taken before it, refuses when the participants already fill the capacity (which
   * the author may have lowered), and takes the lowest free seat (unique per event, as a backstop).
   */
  async join(memberId: number, communityId: number, topicId: number): Promise<void> {
    const { topic } = await this.open(memberId, communityId, topicId, 'event');
    await this.store.transaction(async (tx) => {
      if (!(await tx.communityTopics.lock(topic.id))) throw new DomainError('not_found');
      const current = await tx.communityTopics.find(topic.id);
      if (!current) throw new DomainError('not_found');
      const list = await tx.communityEvents.participants(topic.id);
      if (list.some((p) => p.memberId === memberId)) return;
      if (current.capacity !== null && list.length >= current.capacity) throw full();
      const seats = new Set(list.map((p) => p.seat));
      let seat = 1;
      while (seats.has(seat)) seat++;
      if (!(await tx.communityEvents.take(topic.id, memberId, seat, this.clock.now()))) throw full();
    });
  }

  async cancel(memberId: number, communityId: number, topicId: number): Promise<void> {
    const r = await this.topics.read(memberId, communityId, topicId);
    if (r.topic.kind !== 'event') throw new DomainError('not_found');
    await this.store.communityEvents.cancel(r.topic.id, memberId);
  }

  /**
   * One page of the participants the viewer may see named (nobody hidden from them; 20 a page,
   * `more` decided before the hidden are left out), the total, and whether the viewer takes part.
   */
  async participants(viewerId: number | null, r: TopicRead, page = 1): Promise<{ shown: Participant[]; total: number; joined: boolean; canJoin: boolean; page: number; more: boolean }> {
    const p = Math.max(1, Math.min(page, 1000));
    const total = await this.store.communityEvents.participantCount(r.topic.id);
    const list = await this.store.communityEvents.participantPage(r.topic.id, PARTICIPANTS_PAGE_SIZE + 1, (p - 1) * PARTICIPANTS_PAGE_SIZE);
    const joined = viewerId !== null && (await this.store.communityEvents.takesPart(r.topic.id, viewerId));
    const open = r.topic.deadline === null || this.clock.now() < r.topic.deadline;
    const room = r.topic.capacity === null || total < r.topic.capacity;
    const shown = await this.gate.withoutHidden(viewerId, list.slice(0, PARTICIPANTS_PAGE_SIZE), (x) => x.memberId);
    return { shown, total, joined, canJoin: belongs(r.role) && open && room && !joined, page: p, more: list.length > PARTICIPANTS_PAGE_SIZE };
  }

  /** One vote per member, refused a second time whatever the form says (the database's key decides). */
  async vote(memberId: number, communityId: number, topicId: number, choice: number): Promise<void> {
    const { topic } = await this.open(memberId, communityId, topicId, 'poll');
    const choices = await this.store.communityPolls.choices(topic.id);
    if (!choices.some((c) => c.number === choice)) throw new DomainError('invalid_input', { choice: '選択肢を選んでください' });
    if (!(await this.store.communityPolls.vote(topic.id, memberId, choice, this.clock.now()))) throw new DomainError('invalid_input', { choice: '投票は1人1回までです' });
  }

  async poll(viewerId: number | null, r: TopicRead): Promise<PollView> {
    const choices = await this.store.communityPolls.choices(r.topic.id);
    const myVote = viewerId === null ? null : await this.store.communityPolls.voteOf(r.topic.id, viewerId);
    const closed = r.topic.deadline !== null && this.clock.now() >= r.topic.deadline;
    const showResults = myVote !== null || closed;
    const tally = showResults ? await this.store.communityPolls.tally(r.topic.id) : new Map<number, number>();
    return {
      choices: choices.map((c) => ({ ...c, votes: showResults ? (tally.get(c.number) ?? 0) : null })),
      myVote,
      closed,
      showResults,
      total: showResults ? [...tally.values()].reduce((a, b) => a + b, 0) : null,
    };
  }
}
