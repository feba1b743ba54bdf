import { createServer, type IncomingMessage, type RequestListener, type ServerOptions, type ServerResponse } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

/**
 * Slow clients may not hold connections open for minutes (Node's defaults): handsets on 2G send a
 * page's worth in seconds; these limits leave them ample room.
 */
const SERVER_OPTIONS: ServerOptions = { headersTimeout: 20_000, requestTimeout: 60_000, keepAliveTimeout: 5_000, maxHeaderSize: 16 * 1024 };

/** Requests whose responses have not yet closed (finished or cut off), across this process's servers. */
let open = 0;
/** Set by `settled`: the process is stopping, so each answer from now on closes its connection. */
let stopping = false;

/**
 * Responses finished during one turn of the event loop leave together at its end (setImmediate),
 * one after another, instead of each at once. Each response written to a peer on the same machine
 * (the reverse proxy in front, a load generator) wakes that peer's process; when the gateway is the
 * busy side, the peer sleeps between responses, and waking it cost a fifth of the gateway's CPU
 * (measured with `perf` on this machine: the kernel's wake-up inside the socket write). Written
 * together, the first response wakes it and the rest find it awake. A response waits at most for
 * the rest of the turn (the requests already read); nothing else changes: the same bytes, the
 * same order per connection (HTTP/1.1 answers one request at a time on each), the same callbacks.
 * A `destroy` after a held `end` (@hono/node-server's answer to a response that failed: a 500,
 * then the connection cut) waits behind it, so the 500 still leaves first. A process that stops
 * calls `settled` (or `flushEnds`) before it exits, so nothing already answered is lost.
 */
export function batchingEnds(listener: RequestListener): RequestListener<typeof IncomingMessage, typeof ServerResponse> {
  // Once per server: nothing below makes a function per request (tsx names each one it makes, and
  // naming a function per request cost more than the closure: measured in a CPU profile).
  return (req, res) => {
    open++;
    res.once('close', closed);
    // A kept-alive connection would bring request after request while the process waits to stop.
    if (stopping) res.shouldKeepAlive = false;
    const r = res as Batched;
    r[END] = res.end as Call;
    r[DESTROY] = res.destroy as Call;
    res.end = heldEnd as typeof res.end;
    res.destroy = destroyAfterHeld as typeof res.destroy;
    listener(req, res);
  };
}

type Call = (...a: unknown[]) => unknown;
const END = Symbol('end');
const DESTROY = Symbol('destroy');
/** A response whose `end` and `destroy` are held (batchingEnds), with its own kept under these keys. */
type Batched = ServerResponse & { [END]: Call; [DESTROY]: Call };
type Held = { res: Batched; call: Call; args: unknown[] };
/** This process's responses held until the end of the turn, in the order their calls were made. */
let queue: Held[] = [];
let scheduled = false;
const holding = new WeakSet<ServerResponse>();

/** Sends every response held for the end of this turn now (at the turn's end, or a process about to exit). */
export function flushEnds(): void {
  scheduled = false;
  const due = queue;
  queue = [];
  for (const { res, call, args } of due) {
    holding.delete(res);
    // One response's failure is its own: the others still leave, and nothing is thrown from here.
    try {
      call.apply(res, args);
    } catch (e) {
      res[DESTROY].call(res, e instanceof Error ? e : new Error(String(e)));
    }
  }
}

function hold(res: Batched, call: Call, args: unknown[]): void {
  queue.push({ res, call, args });
  holding.add(res);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flushEnds);
  }
}

function closed(): void {
  open--;
}

// Every call waits its turn in the queue, so a second call never overtakes the first.
function heldEnd(this: Batched, ...args: unknown[]): Batched {
  hold(this, this[END], args);
  return this;
}

function destroyAfterHeld(this: Batched, ...args: unknown[]): unknown {
  if (!holding.has(this)) return this[DESTROY].apply(this, args);
  hold(this, this[DESTROY], args);
  return this;
}

/**
 * Resolves once every request taken in has been answered (or cut off), or after `deadlineMs`, with
 * every held response sent: what a stopping process waits for after closing its server and before
 * closing its database and exiting, so that a request in flight is neither dropped nor cut from its
 * database. From its call on, each answer closes its connection (`Connection: close`). Resolves
 * with the number of requests still unanswered at the deadline.
 */
export async function settled(deadlineMs: number): Promise<number> {
  const until = Date.now() + deadlineMs;
  stopping = true;
  flushEnds();
  while (open > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  flushEnds();
  return open;
}

/** Serves `fetch` (the gateway's Hono app) over HTTP/1.1 as every gateway process does. */
export function serveGateway(fetch: Parameters<typeof serve>[0]['fetch'], port: number, hostname: string, onListening?: (info: AddressInfo) => void): ServerType {
  return serve(
    {
      fetch,
      port,
      hostname,
      serverOptions: SERVER_OPTIONS,
      createServer: ((options: ServerOptions, listener: RequestListener) => createServer(options, batchingEnds(listener))) as unknown as typeof createServer,
    },
    onListening,
  );
}
