import type { MemberVersionRepository } from '../../core/top/ports.js';
import { compiledOnce, type Db, num } from '../util.js';

/** Reads only: the counters are written by the database's triggers (migrations 0027, 0031, 0035), never here. */
export function memberVersions(db: Db): MemberVersionRepository {
  const versionOf = compiledOnce(db, (memberId: number) => db.selectFrom('member_versions').select(['v', 'ev', 'bv']).where('member_id', '=', memberId));
  return {
    async of(memberId) {
      const [r] = await versionOf(memberId);
      return r ? { all: num(r.v), echoes: num(r.ev), blocks: num(r.bv) } : null;
    },
  };
}
