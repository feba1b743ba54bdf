/**
 * One connection pool over several MySQL/MariaDB servers (a Galera cluster's nodes), for
 * `DATABASE_URL=mysql://u:p@h1:3311,h2:3312,h3:3313/db`. Every query goes to the first healthy
 * node in the order listed (give each gateway its own order to spread the writes); a node that
 * refuses connections, drops one, or says it is not ready is set aside and the next one serves.
 * A health check asks every node each second whether it is up and Synced with the cluster, so a
 * node is used again once it has rejoined (after its state transfer), never while it catches up.
 */
import type { MysqlPool, MysqlPoolConnection } from 'kysely';
import type { Pool, PoolOptions } from 'mysql2';

/** Errors that say the server (not the statement) is gone or unusable. */
export function isNodeFailure(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; fatal?: boolean };
  if (!err) return false;
  return err.fatal === true || err.errno === 1047 || err.errno === 1053 || err.errno === 2013 || err.errno === 2006 ||
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'PROTOCOL_CONNECTION_LOST', 'ER_SERVER_SHUTDOWN'].includes(err.code ?? '');
}

/** "WSREP has not yet prepared node for application use": the node refused the statement, it did not run. */
export const isNotReady = (e: unknown): boolean => (e as { errno?: number })?.errno === 1047;

interface Member {
  label: string;
  pool: Pool;
  healthy: boolean;
}

export interface ClusterPoolOptions {
  /** How often every node is asked whether it serves (ms). */
  checkMs?: number;
  onChange?: (node: string, healthy: boolean) => void;
}

const READ = /^\s*(select|show|with)\b/i;

export class ClusterPool implements MysqlPool {
  readonly #members: Member[];
  readonly #timer: NodeJS.Timeout;
  readonly #onChange: ((node: string, healthy: boolean) => void) | undefined;
  readonly #checkMs: number;
  #checking = false;

  constructor(createPool: (o: PoolOptions) => Pool, urls: string[], base: PoolOptions, o: ClusterPoolOptions = {}) {
    // A server that is down on a real network may not refuse, only stay silent: give up on
    // connecting after a few seconds and try the next node.
    this.#members = urls.map((uri) => ({ label: new URL(uri).host, pool: createPool({ connectTimeout: 3000, ...base, uri }), healthy: true }));
    this.#onChange = o.onChange;
    this.#checkMs = o.checkMs ?? 1000;
    this.#timer = setInterval(() => void this.check(), this.#checkMs);
    this.#timer.unref();
  }

  /** The nodes with their current standing, in preference order. */
  get nodes(): { node: string; healthy: boolean }[] {
    return this.#members.map((m) => ({ node: m.label, healthy: m.healthy }));
  }

  #mark(m: Member, healthy: boolean): void {
    if (m.healthy === healthy) return;
    m.healthy = healthy;
    this.#onChange?.(m.label, healthy);
  }

  /** Asks every node whether it is up and, on Galera, ready and Synced (wsrep_local_state 4). */
  async check(): Promise<void> {
    if (this.#checking) return; // the last round still waits for a silent node
    this.#checking = true;
    await Promise.all(
      this.#members.map(
        (m) =>
          new Promise<void>((done) => {
            // A node that hangs (no answer within the timeout) is as unhealthy as one that refuses.
            m.pool.query({ sql: "show global status where variable_name in ('wsrep_ready', 'wsrep_local_state')", timeout: this.#checkMs * 2 }, (err: unknown, rows: unknown) => {
              if (err) this.#mark(m, false);
              else {
                const status = new Map((rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name.toLowerCase(), r.Value]));
                // A server without Galera has neither variable; it serves whenever it answers.
                this.#mark(m, !status.has('wsrep_local_state') || (status.get('wsrep_ready') === 'ON' && status.get('wsrep_local_state') === '4'));
              }
              done();
            });
          }),
      ),
    ).finally(() => (this.#checking = false));
  }

  getConnection(callback: (error: unknown, connection: MysqlPoolConnection) => void): void {
    // Healthy nodes first, in the order given; when none is, try them all (they may be back).
    const order = [...this.#members.filter((m) => m.healthy), ...this.#members.filter((m) => !m.healthy)];
    const attempt = (i: number, last: unknown): void => {
      const m = order[i];
      if (!m) return callback(last, undefined as never);
      m.pool.getConnection((err, raw) => {
        if (err) {
          if (!isNodeFailure(err)) return callback(err, undefined as never);
          this.#mark(m, false);
          return attempt(i + 1, err);
        }
        callback(null, this.#wrap(m, raw));
      });
    };
    attempt(0, new Error('no database node configured'));
  }

  /**
   * A pooled connection that reports its node's failure, and runs a statement again on another
   * node when it certainly did not run (the node was not ready) or when it only read. Inside a
   * transaction nothing is repeated here: the store runs the whole transaction again.
   */
  #wrap(m: Member, raw: import('mysql2').PoolConnection): MysqlPoolConnection {
    let inTransaction = false;
    const query = ((sql: string, parameters: unknown[], callback?: (error: unknown, result: never) => void) => {
      if (/^\s*(begin|start transaction)\b/i.test(sql)) inTransaction = true;
      else if (/^\s*(commit|rollback)\b/i.test(sql)) inTransaction = false;
      if (!callback) return raw.query(sql, parameters);
      raw.query(sql, parameters, (err, result) => {
        if (!err || !isNodeFailure(err)) return callback(err, result as never);
        this.#mark(m, false);
        const again = !inTransaction && (isNotReady(err) || READ.test(sql));
        if (!again) return callback(err, result as never);
        this.getConnection((e2, other) => {
          if (e2) return callback(err, undefined as never);
          other.query(sql, parameters, (e3: unknown, r3) => {
            other.release();
            callback(e3, r3 as never);
          });
        });
      });
    }) as MysqlPoolConnection['query'];
    return { query, release: () => raw.release() };
  }

  end(callback: (error: unknown) => void): void {
    clearInterval(this.#timer);
    Promise.all(this.#members.map((m) => new Promise<void>((r) => m.pool.end(() => r())))).then(() => callback(null), callback);
  }
}
