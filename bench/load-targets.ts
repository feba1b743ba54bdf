/**
 * Who `bench:load` signs in and what each of them opens: read from the generated database before
 * the gateway starts (members spread over the id range; their friends; entries in their feed,
 * which friends may read by construction).
 */
import { openDatabase } from '../db/connection.js';
import { carrierOf, SCALE_MARKER, type ScaleCarrier, type ScaleMarker } from '../scripts/scale/plan.js';

export interface Target {
  memberId: number;
  carrier: ScaleCarrier;
  friends: number[];
  /** Friends' entries from the member's feed (newest first). */
  entries: number[];
}

export class NotSeededError extends Error {}

export async function readTargets(databaseUrl: string, wanted: number, seed = 0): Promise<{ marker: ScaleMarker; targets: Target[] }> {
  const conn = await openDatabase(databaseUrl);
  try {
    let raw: string | undefined;
    try {
      raw = (await conn.db.selectFrom('app_secrets').select('value').where('name', '=', SCALE_MARKER).executeTakeFirst())?.value;
    } catch {
      raw = undefined; // no schema yet
    }
    if (!raw) throw new NotSeededError('this database holds no generated set: run `npm run seed:scale -- --members N` on it first');
    const marker = JSON.parse(raw) as ScaleMarker;
    const targets: Target[] = [];
    // A prime stride spreads the sample over the whole id range (old and new members, hubs or not);
    // the seed moves it, so repeated runs can use other members (posting limits are per member).
    const stride = 7919;
    const seen = new Set<number>();
    for (let k = 0; targets.length < wanted && k < marker.members; k++) {
      const id = 1 + (((k + seed * 1009) * stride) % marker.members);
      if (seen.has(id)) continue;
      seen.add(id);
      const friends = (await conn.db.selectFrom('friendships').select('friend_id').where('member_id', '=', id).orderBy('friend_id').limit(30).execute()).map((r) => Number(r.friend_id));
      if (friends.length === 0) continue;
      const entries = (
        await conn.db.selectFrom('feed_items').select('entry_id').where('member_id', '=', id).orderBy('created_at', 'desc').orderBy('entry_id', 'desc').limit(20).execute()
      ).map((r) => Number(r.entry_id));
      if (entries.length === 0) continue;
      targets.push({ memberId: id, carrier: carrierOf(id), friends, entries });
    }
    return { marker, targets };
  } finally {
    await conn.close();
  }
}
