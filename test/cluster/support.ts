/** Helpers for the cluster's own tests: a database on the cluster, gateways on it, handsets over HTTP. */
import pino from 'pino';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { loadConfig } from '../../gateway/config.js';
import { boot } from '../../gateway/bootstrap.js';
import { createApp } from '../../gateway/app.js';
import type { OutgoingMail } from '../../core/ports.js';
import type { TestGateway } from '../support/gateway.js';
import { node } from '../../scripts/cluster.js';

export const SECRET_KEY = 'cluster-test-secret-cluster-test-secret';

/** `mysql://…@h:p,h:p/db` over the given hosts (`host:port`), in that order of preference. */
export const urlOver = (hosts: string[], db: string) => `mysql://ashiato:ashiato@${hosts.join(',')}/${db}`;
export const nodeHost = (n: number) => `127.0.0.1:${node(n).port}`;

/** A fresh database on the cluster (made through node 1; Galera replicates it). */
export async function clusterDatabase(): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `ashiato_c_${randomBytes(5).toString('hex')}`;
  const admin = () => mysql.createConnection({ uri: urlOver([nodeHost(1)], '') });
  const c = await admin();
  await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await c.end();
  return {
    name,
    async drop() {
      const d = await admin();
      await d.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await d.end();
    },
  };
}

/** An in-process gateway (as test/support's) whose DATABASE_URL is `url`. */
export async function gatewayOn(url: string, env: Record<string, string> = {}): Promise<TestGateway> {
  const mails: OutgoingMail[] = [];
  const config = loadConfig({ NODE_ENV: 'test', PORT: '3000', DATABASE_URL: url, SECRET_KEY, ...env });
  const booted = await boot(config, { mailer: { send: async (m) => void mails.push(m) }, logger: pino({ level: 'silent' }) });
  const app = createApp(booted.services);
  const origin = config.publicOrigin;
  return {
    app,
    booted,
    mails,
    origin,
    request(method, path, o = {}) {
      const init: RequestInit = { method, headers: { Host: new URL(origin).host, ...(o.headers ?? {}) } };
      if (o.body !== undefined) init.body = o.body as RequestInit['body'];
      return Promise.resolve(app.request(path.startsWith('http') ? path : `${origin}${path}`, init, { peerAddress: o.peer ?? '127.0.0.1' }));
    },
    close: () => booted.close(),
  };
}

/**
 * A gateway process reached over HTTP, shaped like a TestGateway so test/support's Handset can
 * browse it. The handset's address reaches the gateway as X-Forwarded-For (the process trusts
 * 127.0.0.1 as its proxy). A request that fails on the way (the process itself gone) is a 599.
 */
export function overHttp(base: string): TestGateway {
  return {
    origin: base,
    async request(method, path, o = {}) {
      const url = path.startsWith('http') ? path : `${base}${path}`;
      const headers: Record<string, string> = { ...(o.headers ?? {}), ...(o.peer ? { 'X-Forwarded-For': o.peer } : {}) };
      try {
        return await fetch(url, { method, headers, redirect: 'manual', signal: AbortSignal.timeout(30_000), ...(o.body !== undefined ? { body: o.body as RequestInit['body'] } : {}) });
      } catch {
        return new Response('unreachable', { status: 599 });
      }
    },
  } as TestGateway;
}
