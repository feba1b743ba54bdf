import { createServer, type IncomingMessage, type RequestListener, type ServerOptions, type ServerResponse } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

/**
 * Slow clients may not hold connections open for minutes (Node's defaults): handsets on 2G send a
 * page's worth in seconds; these limits leave them ample room.
 */
const SERVER_OPTIONS: ServerOptions = { headersTimeout: 20_000, requestTimeout: 60_000, keepAliveTimeout: 5_000, maxHeaderSize: 16 * 1024 };

/**
 * Responses finished during one turn of the event loop leave together at its end (setImmediate),
 * one after another, instead of each at once. Each response written to a peer on the same machine
 * (the reverse proxy in front, a load generator) wakes that peer's process; when the gateway is the
 * busy side, the peer sleeps between responses, and waking it cost a fifth of the gateway's CPU
 * (measured with `perf` on this machine: the kernel's wake-up inside the socket write). Written
 * together, the first response wakes it and the rest find it awake. A response waits at most for
 * the rest of the turn (the requests already read); nothing else changes: the same bytes, the
 * same order per connection (HTTP/1.1 answers one request at a time on each), the same callbacks.
 */
export function batchingEnds(listener: RequestListener): RequestListener<typeof IncomingMessage, typeof ServerResponse> {
  let queue: { res: ServerResponse; end: (...a: unknown[]) => unknown; args: unknown[] }[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const due = queue;
    queue = [];
    for (const { res, end, args } of due) {
      // One response's failure is its own: the others still leave, and nothing is thrown from here.
      try {
        end.apply(res, args);
      } catch (e) {
        res.destroy(e instanceof Error ? e : new Error(String(e)));
      }
    }
  };
  return (req, res) => {
    const end = res.end as (...a: unknown[]) => unknown;
    // Every call waits its turn in the queue, so a second call never overtakes the first.
    res.end = function deferredEnd(...args: unknown[]) {
      queue.push({ res, end, args });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      return res;
    } as typeof res.end;
    listener(req, res);
  };
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
