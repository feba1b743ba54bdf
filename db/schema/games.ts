/** Row types: Flash game plays and rankings. Timestamps are epoch milliseconds. */

export interface GamePlaysTable {
  token_hash: string;
  member_id: number;
  game_id: string;
  started_at: number;
  finished_at: number | null;
  score: number | null;
}

export interface GameBestTable {
  game_id: string;
  period: string;
  member_id: number;
  score: number;
  achieved_at: number;
}
