/**
 * SQLite's WAL checkpoints, off the request thread.
 *
 * In WAL mode a commit that takes the log past `wal_autocheckpoint` pages copies the log into the
 * database file and syncs it, inside that commit, on the event loop: under bench:load's mix that
 * was ~6 % of the gateway's rate and most of its p95. A worker thread with its own connection runs
 * a PASSIVE checkpoint a few times a second instead (it never blocks a reader or the writer; a
 * busy one simply waits for the next turn), and the gateway's connection keeps a high
 * `wal_autocheckpoint` only as a backstop, for a worker that falls behind or has died, so the log
 * stays bounded either way. Several gateway processes on one file each run one; a checkpoint
 * already running in another makes this one's turn a no-op.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Pages the log may hold before the gateway's own connection checkpoints (the backstop). */
export const BACKSTOP_PAGES = 8000;
/** How often the worker checkpoints. */
const EVERY_MS = 200;
/** SQLite's default, taken back if the worker stops: the gateway then checkpoints as before. */
export const DEFAULT_AUTOCHECKPOINT = 1000;

// Plain CommonJS run by `eval`: no TypeScript loader is needed in the worker (vitest, tsx, node).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const turn = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    // SQLITE_BUSY: another checkpoint (another gateway process) is running; next turn.
    if (!(e && e.code === 'SQLITE_BUSY')) throw e;
  }
};
const timer = setInterval(turn, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m === 'stop') {
    clearInterval(timer);
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
    db.close();
    parentPort.close();
  }
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Starts the checkpoint worker for the SQLite file at `path`. `onFailure` is told when the worker
 * dies (the caller then gives its own connection SQLite's default autocheckpoint back).
 */
export function startCheckpointer(path: string, o: { onFailure: (e: Error) => void }): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { path, driver, everyMs: EVERY_MS } });
  let stopping = false;
  worker.on('error', (e) => {
    if (!stopping) o.onFailure(e);
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // Never what keeps a process alive. A 'message' listener added after this would ref the worker's
  // port again (found in review: a script that never closed its database never exited); the
  // worker sends nothing, so there is none.
  worker.unref();
  return {
    async stop() {
      if (stopping) return exited;
      stopping = true;
      worker.postMessage('stop');
      const timeout = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
