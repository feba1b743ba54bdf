/**
 * The benchmark's server process: the real gateway on SQLite (port from argv), and a plain
 * Hono "hello" on the next port as the ceiling of what this machine serves at all.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pino from 'pino';
import { loadConfig } from '../gateway/config.js';
import { boot } from '../gateway/bootstrap.js';
import { createApp } from '../gateway/app.js';

const port = Number(process.argv[2]);
const dir = process.argv[3]!;
const config = loadConfig({ PORT: String(port), DATABASE_URL: `sqlite:${dir}/bench.db`, MAIL_OUTBOX: `${dir}/outbox`, TRUST_PROXY: '127.0.0.1', LOG_LEVEL: 'silent' });
const booted = await boot(config, { logger: pino({ level: 'silent' }) });
serve({ fetch: createApp(booted.services).fetch, port, hostname: '127.0.0.1' });
const hello = new Hono();
hello.get('/', (c) => c.text('hello'));
serve({ fetch: hello.fetch, port: port + 1, hostname: '127.0.0.1' }, () => process.send?.('ready'));
process.on('SIGINT', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
