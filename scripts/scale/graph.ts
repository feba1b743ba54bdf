/**
 * The friendship graph: a configuration model over the target degrees (scripts/scale/plan.ts),
 * self-pairs and repeated pairs dropped, kept as sorted adjacency arrays (CSR) so 100,000 members
 * with ~1.5 million friendships fit in a few tens of megabytes.
 */
import { Rng } from './rng.js';
import { targetDegree } from './plan.js';

export interface Graph {
  members: number;
  /** Friends of member m are nbrs[start[m] .. start[m + 1]), ascending. Members are 1…members. */
  start: Int32Array;
  nbrs: Int32Array;
}

export function degree(g: Graph, m: number): number {
  return g.start[m + 1]! - g.start[m]!;
}

export function friendsOf(g: Graph, m: number): Int32Array {
  return g.nbrs.subarray(g.start[m]!, g.start[m + 1]!);
}

export function randomFriend(g: Graph, m: number, rng: Rng): number | null {
  const d = degree(g, m);
  return d === 0 ? null : g.nbrs[g.start[m]! + rng.int(d)]!;
}

export function buildGraph(members: number, seed: number): Graph {
  const rng = new Rng(seed, 1);
  const want = new Int32Array(members + 1);
  let stubs = 0;
  for (let m = 1; m <= members; m++) stubs += want[m] = members > 1 ? targetDegree(rng, members) : 0;
  if (stubs % 2 === 1) {
    want[1]!++;
    stubs++;
  }
  const pool = new Int32Array(stubs);
  for (let m = 1, k = 0; m <= members; m++) for (let i = 0; i < want[m]!; i++) pool[k++] = m;
  for (let i = stubs - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  // Both directions of every pair, grouped by member, then sorted and de-duplicated per member.
  const count = new Int32Array(members + 2);
  for (let i = 0; i < stubs; i += 2) {
    if (pool[i] === pool[i + 1]) continue;
    count[pool[i]!]!++;
    count[pool[i + 1]!]!++;
  }
  const raw = new Int32Array(members + 2);
  for (let m = 1; m <= members + 1; m++) raw[m] = raw[m - 1]! + count[m - 1]!;
  const fill = raw.slice();
  const all = new Int32Array(raw[members + 1]!);
  for (let i = 0; i < stubs; i += 2) {
    const a = pool[i]!;
    const b = pool[i + 1]!;
    if (a === b) continue;
    all[fill[a]!++] = b;
    all[fill[b]!++] = a;
  }
  const start = new Int32Array(members + 2);
  const nbrs = new Int32Array(all.length);
  let k = 0;
  for (let m = 1; m <= members; m++) {
    start[m] = k;
    const list = all.subarray(raw[m]!, raw[m + 1]!).sort();
    for (let i = 0; i < list.length; i++) if (i === 0 || list[i] !== list[i - 1]) nbrs[k++] = list[i]!;
  }
  start[members + 1] = k;
  start[0] = 0;
  return { members, start, nbrs: nbrs.slice(0, k) };
}
