/** What the games feature needs from the outside world; db/ implements it. */
import type { UnitOfWork } from '../ports.js';
import type { FriendshipRepository } from '../friends/ports.js';
import type { PointsTx } from '../course/ports.js';

export interface GamePlay {
  tokenHash: string;
  memberId: number;
  gameId: string;
  startedAt: number;
  finishedAt: number | null;
  score: number | null;
}

export interface BestScore {
  memberId: number;
  score: number;
  achievedAt: number;
}

export interface GameRepository {
  startPlay(p: Omit<GamePlay, 'finishedAt' | 'score'>): Promise<void>;
  findPlay(tokenHash: string): Promise<GamePlay | null>;
  /** Records the score once: false when the play was already finished. */
  finishPlay(tokenHash: string, score: number, at: number): Promise<boolean>;
  /** Keeps the member's best for the period (a lower score changes nothing). */
  raiseBest(gameId: string, period: string, memberId: number, score: number, at: number): Promise<void>;
  best(gameId: string, period: string, memberId: number): Promise<BestScore | null>;
  /** Highest first (earlier wins a tie), optionally only among these members and never these. */
  top(gameId: string, period: string, limit: number, o: { among?: readonly number[]; excluding?: readonly number[] }): Promise<BestScore[]>;
  /** How many members beat this score in the period. */
  countAbove(gameId: string, period: string, score: number): Promise<number>;
}

/** GameService's slice of the store: a play and the points it costs commit together. */
export interface GameStore extends UnitOfWork<PointsTx & { games: GameRepository }> {
  friendships: FriendshipRepository;
  games: GameRepository;
}
