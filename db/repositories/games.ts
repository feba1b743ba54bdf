import type { GameRepository } from '../../core/games/ports.js';
import { compiledOnce, type Db, firstOrNull, insertOnce, num, numOrNull } from '../util.js';

export function games(db: Db): GameRepository {
  const bestOf = (gameId: string, period: string) => db.selectFrom('game_best').select(['member_id', 'score', 'achieved_at']).where('game_id', '=', gameId).where('period', '=', period);
  const ranked = (q: ReturnType<typeof bestOf>, excluding: number[], limit: number) =>
    (excluding.length ? q.where('member_id', 'not in', excluding) : q).orderBy('score', 'desc').orderBy('achieved_at').orderBy('member_id').limit(limit);
  // Among everyone or among some members: two shapes, each compiled once.
  const topQ = compiledOnce(db, (gameId: string, period: string, excluding: number[], limit: number) => ranked(bestOf(gameId, period), excluding, limit));
  const topAmongQ = compiledOnce(db, (gameId: string, period: string, among: number[], excluding: number[], limit: number) =>
    ranked(bestOf(gameId, period).where('member_id', 'in', among), excluding, limit),
  );
  return {
    async startPlay(p) {
      await db.insertInto('game_plays').values({ token_hash: p.tokenHash, member_id: p.memberId, game_id: p.gameId, started_at: p.startedAt, finished_at: null, score: null }).execute();
    },
    async findPlay(tokenHash) {
      return firstOrNull(db.selectFrom('game_plays').selectAll().where('token_hash', '=', tokenHash), (r) => ({ tokenHash: r.token_hash, memberId: num(r.member_id), gameId: r.game_id, startedAt: num(r.started_at), finishedAt: numOrNull(r.finished_at), score: numOrNull(r.score) }));
    },
    async finishPlay(tokenHash, score, at) {
      const r = await db.updateTable('game_plays').set({ finished_at: at, score }).where('token_hash', '=', tokenHash).where('finished_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async raiseBest(gameId, period, memberId, score, at) {
      const r = await db
        .updateTable('game_best')
        .set({ score, achieved_at: at })
        .where('game_id', '=', gameId)
        .where('period', '=', period)
        .where('member_id', '=', memberId)
        .where('score', '<', score)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) return;
      await insertOnce(() => db.insertInto('game_best').values({ game_id: gameId, period, member_id: memberId, score, achieved_at: at }).execute()); // a best at least as high may be there
    },
    async best(gameId, period, memberId) {
      const r = await db.selectFrom('game_best').select(['member_id', 'score', 'achieved_at']).where('game_id', '=', gameId).where('period', '=', period).where('member_id', '=', memberId).executeTakeFirst();
      return r ? { memberId: num(r.member_id), score: num(r.score), achievedAt: num(r.achieved_at) } : null;
    },
    async top(gameId, period, limit, o) {
      if (o.among && o.among.length === 0) return [];
      const excluding = [...(o.excluding ?? [])];
      const rows = await (o.among ? topAmongQ(gameId, period, [...o.among], excluding, limit) : topQ(gameId, period, excluding, limit));
      return rows.map((r) => ({ memberId: num(r.member_id), score: num(r.score), achievedAt: num(r.achieved_at) }));
    },
    async countAbove(gameId, period, score) {
      const r = await db
        .selectFrom('game_best')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('game_id', '=', gameId)
        .where('period', '=', period)
        .where('score', '>', score)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
