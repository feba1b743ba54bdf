import { digest, randomToken } from '../crypto.js';
import { DomainError } from '../errors.js';
import { spendPoints } from '../course/points.js';
import type { AccessGate } from '../access.js';
import type { BestScore, GamePlay, GameRepository, GameStore } from './ports.js';
import type { Clock } from '../ports.js';
import { DAY_MS, japanDayNumber } from '../time.js';

export interface Game {
  id: string;
  title: string;
  description: string;
  /** Length of one play. */
  seconds: number;
  /** The most a person can score per second; anything above is not a real play. */
  maxPerSecond: number;
  /** Oldest Flash Lite that plays it. */
  flashLite: string;
  /** Points one play costs (0: free), spent from the ledger once per play. */
  pricePoints: number;
}

/** The catalogue. Each game's movie is generated per play (media/), with its score address. */
export const GAMES: readonly Game[] = [
  { id: 'mash', title: '5連打', description: '10秒間に[5]キーを何回押せるか!', seconds: 10, maxPerSecond: 20, flashLite: '1.1', pricePoints: 0 },
  { id: 'number', title: '数字タッチ', description: '出た数字のキーを15秒でいくつ押せるか!(1回30pt)', seconds: 15, maxPerSecond: 6, flashLite: '1.1', pricePoints: 30 },
];

export function gameById(id: string): Game | null {
  return GAMES.find((g) => g.id === id) ?? null;
}

/** True when a handset with Flash Lite `version` plays a game that needs `needed`. */
export function flashLiteAtLeast(version: string | null, needed: string): boolean {
  if (!version) return false;
  const [a = 0, b = 0] = version.split('.').map(Number);
  const [x = 0, y = 0] = needed.split('.').map(Number);
  return a > x || (a === x && b >= y);
}

/** A play token is good for this long after the game starts. */
const PLAY_TTL_MS = 30 * 60_000;
/** The handset's clock and the network may make a play look a little shorter than it was. */
const EARLY_TOLERANCE_MS = 1_500;

/** Ranking periods: all time, and the week in Japan (Monday to Sunday) named by its Monday. */
export function weekOf(ms: number): string {
  const day = japanDayNumber(ms);
  const monday = day - ((day + 3) % 7); // 1970-01-01 was a Thursday
  return `w${new Date(monday * DAY_MS).toISOString().slice(0, 10)}`;
}

export type Period = 'week' | 'all';

export interface PlayResult {
  gameId: string;
  memberId: number;
  score: number;
  weekBest: number;
  allBest: number;
  /** 1-based place in this week's ranking. */
  weekRank: number;
}

/** Games: one-time plays, score checks, weekly / all-time / friends rankings. */
export class GameService {
  constructor(
    private readonly store: GameStore,
    private readonly clock: Clock,
    private readonly gate: AccessGate,
  ) {}

  /** The play a movie's token names (tokens are stored as digests; malformed ones name none). */
  private findPlay(token: string): Promise<GamePlay | null> {
    return /^[A-Za-z0-9_-]{16,40}$/.test(token) ? this.store.games.findPlay(digest(token)) : Promise.resolve(null);
  }

  /** A member's bests and this week's place after a play that ended at `at`. */
  private async standing(games: GameRepository, play: { gameId: string; memberId: number }, score: number, at: number): Promise<PlayResult> {
    const week = weekOf(at);
    const weekBest = (await games.best(play.gameId, week, play.memberId))?.score ?? score;
    const allBest = (await games.best(play.gameId, 'all', play.memberId))?.score ?? score;
    return { gameId: play.gameId, memberId: play.memberId, score, weekBest, allBest, weekRank: (await games.countAbove(play.gameId, week, weekBest)) + 1 };
  }

  /**
   * Starts a play; the token travels in the movie's score address and is good once. A paid
   * game's points are spent in the same transaction, once for this play (ref `play:<token>`);
   * without enough points nothing is started or spent.
   */
  async start(memberId: number, gameId: string): Promise<{ game: Game; token: string }> {
    const game = gameById(gameId);
    if (!game) throw new DomainError('not_found');
    const token = randomToken(18);
    const tokenHash = digest(token);
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      await tx.games.startPlay({ tokenHash, memberId, gameId, startedAt: now });
      if (game.pricePoints > 0) await spendPoints(tx, { memberId, amount: game.pricePoints, ref: `play:${tokenHash}`, note: `ゲーム ${game.title}`, at: now });
    });
    return { game, token };
  }

  /**
   * Records the score a movie sent. Refused: an unknown or used token, another game's token, a
   * play that ended sooner than the game lasts or long after, a score no thumb could make.
   */
  async finish(gameId: string, token: string, scoreText: string): Promise<PlayResult> {
    const game = gameById(gameId);
    const play = await this.findPlay(token);
    if (!game || !play || play.gameId !== game.id) throw new DomainError('token_invalid');
    if (play.finishedAt !== null) throw new DomainError('token_invalid');
    const now = this.clock.now();
    const elapsed = now - play.startedAt;
    if (elapsed > PLAY_TTL_MS) throw new DomainError('token_invalid');
    // The score comes back without a session: a player suspended or gone since the start records nothing.
    if (!(await this.gate.names(null, [play.memberId])).has(play.memberId)) throw new DomainError('token_invalid');
    if (!/^\d{1,6}$/.test(scoreText)) throw new DomainError('invalid_input', { score: 'スコアが正しくありません' });
    const score = Number(scoreText);
    if (elapsed < game.seconds * 1000 - EARLY_TOLERANCE_MS || score > game.seconds * game.maxPerSecond) {
      throw new DomainError('invalid_input', { score: 'このスコアは記録できません' });
    }
    return this.store.transaction(async (tx) => {
      if (!(await tx.games.finishPlay(play.tokenHash, score, now))) throw new DomainError('token_invalid');
      await tx.games.raiseBest(game.id, 'all', play.memberId, score, now);
      await tx.games.raiseBest(game.id, weekOf(now), play.memberId, score, now);
      return this.standing(tx.games, play, score, now);
    });
  }

  /** Whether this token names a play of this game that can still send its score (the movie's request). */
  async playable(gameId: string, token: string): Promise<boolean> {
    const play = await this.findPlay(token);
    return play !== null && play.gameId === gameId && play.finishedAt === null && this.clock.now() - play.startedAt <= PLAY_TTL_MS;
  }

  /** The member's best this week and of all time. */
  async myBest(gameId: string, memberId: number): Promise<{ week: number | null; all: number | null }> {
    const [week, all] = await Promise.all([this.store.games.best(gameId, weekOf(this.clock.now()), memberId), this.store.games.best(gameId, 'all', memberId)]);
    return { week: week?.score ?? null, all: all?.score ?? null };
  }

  /** The result of a finished play, by its token (the page after the movie). */
  async result(gameId: string, token: string): Promise<PlayResult | null> {
    const play = await this.findPlay(token);
    if (!play || play.gameId !== gameId || play.score === null || play.finishedAt === null) return null;
    return this.standing(this.store.games, play, play.score, play.finishedAt);
  }

  /**
   * The top of a ranking as `viewerId` may see it (members blocked either way left out); with
   * `friendsOnly`, the viewer and their マイミク.
   */
  async ranking(gameId: string, period: Period, viewerId: number, friendsOnly: boolean, limit = 10): Promise<(BestScore & { rank: number })[]> {
    if (!gameById(gameId)) throw new DomainError('not_found');
    const key = period === 'all' ? 'all' : weekOf(this.clock.now());
    const excluding = [...(await this.gate.hiddenFor(viewerId))];
    const among = friendsOnly ? [viewerId, ...(await this.store.friendships.friendsOf(viewerId))] : undefined;
    const rows = await this.store.games.top(gameId, key, limit, { ...(among ? { among } : {}), excluding });
    // Equal scores share a place.
    let rank = 0;
    let last = Number.NaN;
    return rows.map((r, i) => {
      if (r.score !== last) rank = i + 1;
      last = r.score;
      // Not `{ ...r, rank }`: a spread followed by a new key is V8's slow path on Node 20 (~0.3 µs a row).
      return Object.assign({}, r, { rank });
    });
  }
}
