/**
 * Environment, validated once at start and frozen. Nothing below gateway/main.ts reads
 * process.env; a bad value stops the start with a message naming the variable.
 */
import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { AddressSet, loadCarrierRanges, SHIPPED_RANGES_PATH, type CarrierId, type CarrierRanges } from '../carriers/index.js';
import { parseBillingSecrets } from '../carriers/billing.js';
import { parseDatabaseUrl } from '../db/connection.js';

export interface Config {
  port: number;
  databaseUrl: string;
  publicOrigin: string;
  allowedHosts: ReadonlySet<string>;
  trustProxy: AddressSet;
  trustProxyList: readonly string[];
  carrierRanges: CarrierRanges;
  seedDemo: boolean;
  smtpUrl: string | null;
  mailOutbox: string;
  mailFrom: string;
  /** Master secret for keyed hashes and signatures; null: generated once and kept in the database. */
  secretKey: string | null;
  emulator: boolean;
  logLevel: string;
  secureCookies: boolean;
  /** Queries slower than this many milliseconds are logged. */
  slowQueryMs: number;
  /** The sandbox carrier billing (confirmation pages, console, monthly runs) is served. */
  billingSandbox: boolean;
  /** Keys agreed with carriers for signed billing notices; others derive from the master secret. */
  billingSecrets: ReadonlyMap<CarrierId, string>;
  /** Gateway processes serving the port (node:cluster); 1 serves from this process. */
  workers: number;
  /** Where carriers' billing calls may come from; null: any address (the signature still decides). */
  billingSources: AddressSet | null;
  /** NODE_ENV=production: nothing that forges identities or shows other people's data is on by default. */
  production: boolean;
  /**
   * Password for the QA tools (emulator, outbox, sandbox billing console) from other machines
   * (HTTP Basic, user `qa`); null: they answer loopback clients only (and, in production, nobody).
   */
  qaPassword: string | null;
}

/** The QA tools' HTTP Basic user name. */
export const QA_USER = 'qa';

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function portOf(env: Env): number {
  const raw = env.PORT ?? '3000';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) throw new ConfigError('PORT', `'${raw}' is not a port number (1–65535)`);
  return port;
}

function originOf(env: Env, port: number): URL {
  const raw = env.PUBLIC_ORIGIN ?? `http://localhost:${port}`;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError('PUBLIC_ORIGIN', `'${raw}' is not a URL`);
  }
  if (!/^https?:$/.test(u.protocol) || u.pathname !== '/' || u.search || u.hash) {
    throw new ConfigError('PUBLIC_ORIGIN', `'${raw}' must be an origin like https://example.jp`);
  }
  return u;
}

/** Host header values, lower-cased with the port spelled out. */
export function hostKey(host: string, defaultPort: number): string {
  const h = host.trim().toLowerCase();
  return /:\d+$/.test(h) ? h : `${h}:${defaultPort}`;
}

export function loadConfig(env: Env): Readonly<Config> {
  const port = portOf(env);
  const databaseUrl = env.DATABASE_URL ?? 'sqlite:data/ashiato.db';
  try {
    parseDatabaseUrl(databaseUrl);
  } catch (e) {
    throw new ConfigError('DATABASE_URL', (e as Error).message.replace(/^DATABASE_URL: /, ''));
  }
  const origin = originOf(env, port);
  // A Host header without a port means the scheme's default port.
  const originPort = origin.protocol === 'https:' ? 443 : 80;
  const allowed = new Set<string>();
  if (env.ALLOWED_HOSTS !== undefined) {
    for (const h of env.ALLOWED_HOSTS.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d+)?$/i.test(h)) throw new ConfigError('ALLOWED_HOSTS', `'${h}' is not a host[:port]`);
      allowed.add(hostKey(h, originPort));
    }
    if (allowed.size === 0) throw new ConfigError('ALLOWED_HOSTS', 'names no host');
  } else {
    allowed.add(hostKey(origin.host, originPort));
    for (const h of ['localhost', '127.0.0.1', '[::1]']) allowed.add(`${h}:${port}`);
  }
  const trustProxyList = (env.TRUST_PROXY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  let trustProxy: AddressSet;
  try {
    trustProxy = new AddressSet(trustProxyList, 'TRUST_PROXY');
  } catch (e) {
    throw new ConfigError('TRUST_PROXY', (e as Error).message.replace(/^TRUST_PROXY: /, ''));
  }
  let carrierRanges: CarrierRanges;
  try {
    carrierRanges = loadCarrierRanges(env.CARRIER_IP_RANGES ? resolve(env.CARRIER_IP_RANGES) : SHIPPED_RANGES_PATH);
  } catch (e) {
    throw new ConfigError('CARRIER_IP_RANGES', (e as Error).message);
  }
  const production = env.NODE_ENV === 'production';
  // Demo members have published passwords and subscriber IDs: production seeds them only when asked.
  const seed = env.SEED_DEMO ?? (production ? '0' : '1');
  if (seed !== '0' && seed !== '1') throw new ConfigError('SEED_DEMO', `'${seed}' must be 0 or 1`);
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError('SMTP_URL', 'must look like smtp://user:pass@host:port');
  const secretKey = env.SECRET_KEY?.trim() || null;
  if (secretKey && secretKey.length < 32) throw new ConfigError('SECRET_KEY', 'must be at least 32 characters');
  const emulatorRaw = env.EMULATOR;
  if (emulatorRaw !== undefined && emulatorRaw !== '0' && emulatorRaw !== '1') throw new ConfigError('EMULATOR', `'${emulatorRaw}' must be 0 or 1`);
  const sandboxRaw = env.BILLING_SANDBOX;
  if (sandboxRaw !== undefined && sandboxRaw !== '0' && sandboxRaw !== '1') throw new ConfigError('BILLING_SANDBOX', `'${sandboxRaw}' must be 0 or 1`);
  let billingSecrets: Map<CarrierId, string>;
  try {
    billingSecrets = parseBillingSecrets(env.BILLING_SECRETS);
  } catch (e) {
    throw new ConfigError('BILLING_SECRETS', (e as Error).message);
  }
  const slowRaw = env.SLOW_QUERY_MS ?? '50';
  if (!/^\d{1,6}$/.test(slowRaw)) throw new ConfigError('SLOW_QUERY_MS', `'${slowRaw}' must be a number of milliseconds`);
  let billingSources: AddressSet | null = null;
  if (env.BILLING_SOURCES?.trim()) {
    try {
      billingSources = new AddressSet(env.BILLING_SOURCES.split(',').map((x) => x.trim()).filter(Boolean), 'BILLING_SOURCES');
    } catch (e) {
      throw new ConfigError('BILLING_SOURCES', (e as Error).message.replace(/^BILLING_SOURCES: /, ''));
    }
  }
  const emulator = emulatorRaw === undefined ? !production : emulatorRaw === '1';
  const billingSandbox = sandboxRaw === undefined ? !production : sandboxRaw === '1';
  const qaPassword = env.QA_PASSWORD || null;
  if (qaPassword !== null && (qaPassword.length < 16 || qaPassword.length > 200 || /[\x00-\x20\x7f]/.test(qaPassword))) {
    throw new ConfigError('QA_PASSWORD', 'must be 16–200 characters without spaces or control characters');
  }
  // In production a loopback peer may be the reverse proxy in front of everyone: tools need the password.
  if (production && !qaPassword) {
    if (emulatorRaw === '1') throw new ConfigError('EMULATOR', 'EMULATOR=1 with NODE_ENV=production needs QA_PASSWORD (the emulator forges carrier identities)');
    if (sandboxRaw === '1') throw new ConfigError('BILLING_SANDBOX', 'BILLING_SANDBOX=1 with NODE_ENV=production needs QA_PASSWORD (its console bills and ends contracts)');
  }
  const logLevel = env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `'${logLevel}' must be one of fatal, error, warn, info, debug, trace, silent`);
  }
  const workersRaw = env.WORKERS ?? '1';
  const workers = workersRaw === 'auto' ? availableParallelism() : Number(workersRaw);
  if (!/^(auto|\d{1,2})$/.test(workersRaw) || workers < 1 || workers > 64) throw new ConfigError('WORKERS', `'${workersRaw}' must be a number of processes (1–64) or auto`);
  if (workers > 1) {
    // These keep state in process memory, which other processes would not see.
    if (emulator) throw new ConfigError('WORKERS', 'more than one process needs EMULATOR=0 (the emulator keeps its handsets\' cookies in memory)');
    if (billingSandbox) throw new ConfigError('WORKERS', 'more than one process needs BILLING_SANDBOX=0 (the sandbox carrier lives in memory)');
    if (/^sqlite::memory:$/.test(databaseUrl)) throw new ConfigError('WORKERS', 'more than one process needs a database file or server, not sqlite::memory:');
  }
  return Object.freeze({
    port,
    databaseUrl,
    publicOrigin: origin.origin,
    allowedHosts: allowed,
    trustProxy,
    trustProxyList,
    carrierRanges,
    seedDemo: seed === '1',
    smtpUrl,
    mailOutbox: env.MAIL_OUTBOX ?? 'data/outbox',
    mailFrom: env.MAIL_FROM ?? `no-reply@${origin.hostname}`,
    secretKey,
    emulator,
    logLevel,
    secureCookies: origin.protocol === 'https:',
    slowQueryMs: Number(slowRaw),
    billingSandbox,
    billingSecrets,
    workers,
    billingSources,
    production,
    qaPassword,
  });
}
