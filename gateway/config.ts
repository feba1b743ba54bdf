/**
 * Environment, validated once at start by one zod schema (every variable the gateway and the
 * migration command read) and frozen. Nothing below the entry points (gateway/main.ts,
 * gateway/migrate.ts) reads process.env; a bad value stops the start with a message naming the
 * variable: `VARIABLE: problem`.
 */
import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { AddressSet, loadCarrierRanges, SHIPPED_RANGES_PATH, type CarrierId, type CarrierRanges } from '../carriers/index.js';
import { parseBillingProtocols, parseBillingSecrets, type BillingProtocol } from '../carriers/billing.js';
import { parseDatabaseUrl } from '../db/connection.js';
import { fieldErrors } from '../core/validate.js';

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
  /** Benchmarks only (QUERY_STATS_FILE): SQLite statements' time summed by SQL, written there at exit. */
  queryStatsFile: string | null;
  /** The sandbox carrier billing (confirmation pages, console, monthly runs) is served. */
  billingSandbox: boolean;
  /** Keys agreed with carriers for signed billing notices; others derive from the master secret. */
  billingSecrets: ReadonlyMap<CarrierId, string>;
  /** Per carrier: its own billing protocol (`carrier`) or the payment company's signed JSON (`company`). */
  billingProtocols: ReadonlyMap<CarrierId, BillingProtocol>;
  /** au's collection service (SOAP) that confirms tran_ids; default: the sandbox carrier's. */
  auCollectionUrl: string;
  /** Length of the schedule runner's lease (ms): how soon another process takes over when its holder dies. */
  scheduleLeaseMs: number;
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
  /** Inbound SMTP for posting by mail: port (0: off), address bound, and the posting addresses' domain. */
  mailIn: { port: number; host: string; domain: string };
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

/** Host header values, lower-cased with the port spelled out. */
export function hostKey(host: string, defaultPort: number): string {
  const h = host.trim().toLowerCase();
  return /:\d+$/.test(h) ? h : `${h}:${defaultPort}`;
}

type Ctx = z.RefinementCtx;
/** Records `problem` against the variable being parsed (or `variable`), as a ConfigError will say it. */
function refuse(ctx: Ctx, problem: string, variable?: string): typeof z.NEVER {
  ctx.addIssue({ code: 'custom', message: problem, ...(variable ? { path: [variable] } : {}) });
  return z.NEVER;
}
/** A library's own parser: its message (without a leading `VARIABLE: `) becomes the problem. */
function via<T>(variable: string, parse: () => T, ctx: Ctx): T {
  try {
    return parse();
  } catch (e) {
    return refuse(ctx, (e as Error).message.replace(new RegExp(`^${variable}: `), ''));
  }
}
const text = z.string().optional();
const flag = (o: { input: unknown }) => `'${String(o.input)}' must be 0 or 1`;
const zeroOrOne = z.enum(['0', '1'], { error: flag }).optional();
const listOf = (raw: string | undefined) => (raw ?? '').split(',').map((x) => x.trim()).filter(Boolean);
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** `someone@host` or `Name <someone@host>`, on one line (it becomes a mail header). */
const MAIL_ADDRESS = /^(?:[^\s@<>"]+@[^\s@<>"]+|[^<>\r\n\x00]*<[^\s@<>"]+@[^\s@<>"]+>)$/;

/** Each variable on its own, in the order problems are reported. */
const variables = z.object({
  PORT: text.transform((raw = '3000', ctx) => {
    const port = Number(raw);
    return !/^\d+$/.test(raw) || port < 1 || port > 65535 ? refuse(ctx, `'${raw}' is not a port number (1–65535)`) : port;
  }),
  DATABASE_URL: text.transform((raw = 'sqlite:data/ashiato.db', ctx) => (via('DATABASE_URL', () => parseDatabaseUrl(raw), ctx), raw)),
  PUBLIC_ORIGIN: text.transform((raw, ctx) => {
    if (raw === undefined) return undefined; // http://localhost:$PORT
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      return refuse(ctx, `'${raw}' is not a URL`);
    }
    if (!/^https?:$/.test(u.protocol) || u.pathname !== '/' || u.search || u.hash) return refuse(ctx, `'${raw}' must be an origin like https://example.jp`);
    return u;
  }),
  ALLOWED_HOSTS: text.transform((raw, ctx) => {
    if (raw === undefined) return undefined; // the origin's host and this machine's names
    const hosts = listOf(raw);
    const bad = hosts.find((h) => !/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d+)?$/i.test(h));
    if (bad !== undefined) return refuse(ctx, `'${bad}' is not a host[:port]`);
    return hosts.length ? hosts : refuse(ctx, 'names no host');
  }),
  TRUST_PROXY: text.transform((raw, ctx) => {
    const list = listOf(raw);
    return { list, set: via('TRUST_PROXY', () => new AddressSet(list, 'TRUST_PROXY'), ctx) };
  }),
  CARRIER_IP_RANGES: text.transform((raw, ctx) => via('CARRIER_IP_RANGES', () => loadCarrierRanges(raw ? resolve(raw) : SHIPPED_RANGES_PATH), ctx)),
  // Unset or empty: development. A misspelt 'prod' would otherwise quietly serve the QA tools.
  NODE_ENV: z.preprocess(
    (raw) => (raw === '' ? undefined : raw),
    z.enum(['production', 'development', 'test'], { error: (o) => `'${String(o.input)}' must be production, development or test` }).optional(),
  ),
  SEED_DEMO: zeroOrOne,
  SMTP_URL: text.transform((raw, ctx) => {
    const url = raw?.trim() || null;
    return url && !/^smtps?:\/\//.test(url) ? refuse(ctx, 'must look like smtp://user:pass@host:port') : url;
  }),
  MAIL_OUTBOX: text.transform((raw = 'data/outbox', ctx) => (!raw.trim() || /[\x00-\x1f]/.test(raw) ? refuse(ctx, 'must be a folder path') : raw)),
  MAIL_FROM: text.transform((raw, ctx) => (raw !== undefined && !MAIL_ADDRESS.test(raw) ? refuse(ctx, `'${raw}' must be a mail address like no-reply@example.jp`) : raw)),
  SECRET_KEY: text.transform((raw, ctx) => {
    const key = raw?.trim() || null;
    return key && key.length < 32 ? refuse(ctx, 'must be at least 32 characters') : key;
  }),
  EMULATOR: zeroOrOne,
  BILLING_SANDBOX: zeroOrOne,
  BILLING_SECRETS: text.transform((raw, ctx) => via('BILLING_SECRETS', () => parseBillingSecrets(raw), ctx)),
  BILLING_PROTOCOLS: text.transform((raw, ctx) => via('BILLING_PROTOCOLS', () => parseBillingProtocols(raw), ctx)),
  AU_COLLECTION_URL: text.transform((raw, ctx) => (raw === undefined || /^https?:\/\/[^\s]+$/.test(raw) ? raw : refuse(ctx, `'${raw}' must be an http(s) URL`))),
  QUERY_STATS_FILE: text,
  SLOW_QUERY_MS: text.transform((raw = '50', ctx) => (/^\d{1,6}$/.test(raw) ? Number(raw) : refuse(ctx, `'${raw}' must be a number of milliseconds`))),
  BILLING_SOURCES: text.transform((raw, ctx) => (raw?.trim() ? via('BILLING_SOURCES', () => new AddressSet(listOf(raw), 'BILLING_SOURCES'), ctx) : null)),
  QA_PASSWORD: text.transform((raw, ctx) => {
    const password = raw || null;
    if (password !== null && (password.length < 16 || password.length > 200 || /[\x00-\x20\x7f]/.test(password))) {
      return refuse(ctx, 'must be 16–200 characters without spaces or control characters');
    }
    return password;
  }),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: (o) => `'${String(o.input)}' must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  MAIL_IN_PORT: text.transform((raw = '2525', ctx) => {
    const port = Number(raw);
    return !/^\d+$/.test(raw) || port > 65535 ? refuse(ctx, `'${raw}' is not a port number (0 turns mail posting off)`) : port;
  }),
  MAIL_IN_HOST: text.transform((raw = '127.0.0.1', ctx) => (/^(\[?[0-9a-f:.]+\]?|[a-z0-9.-]+)$/i.test(raw) ? raw.replace(/^\[|\]$/g, '') : refuse(ctx, `'${raw}' is not an address to listen on`))),
  MAIL_IN_DOMAIN: text.transform((raw, ctx) => (raw === undefined || /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/i.test(raw) ? raw : refuse(ctx, `'${raw}' is not a mail domain`))),
  SCHEDULE_LEASE_MS: text.transform((raw = '30000', ctx) => (/^\d{4,7}$/.test(raw) && Number(raw) <= 3_600_000 ? Number(raw) : refuse(ctx, `'${raw}' must be a number of milliseconds (1000–3600000)`))),
  WORKERS: text.transform((raw = '1', ctx) => {
    const workers = raw === 'auto' ? availableParallelism() : Number(raw);
    return !/^(auto|\d{1,2})$/.test(raw) || workers < 1 || workers > 64 ? refuse(ctx, `'${raw}' must be a number of processes (1–64) or auto`) : workers;
  }),
});

/** The whole environment: defaults that depend on other variables, and the rules between them. */
const schema = variables.transform((v, ctx): Config => {
  const production = v.NODE_ENV === 'production';
  const origin = v.PUBLIC_ORIGIN ?? new URL(`http://localhost:${v.PORT}`);
  // A Host header without a port means the scheme's default port.
  const originPort = origin.protocol === 'https:' ? 443 : 80;
  const allowedHosts = new Set(v.ALLOWED_HOSTS?.map((h) => hostKey(h, originPort)) ?? [hostKey(origin.host, originPort), ...['localhost', '127.0.0.1', '[::1]'].map((h) => `${h}:${v.PORT}`)]);
  const emulator = v.EMULATOR === undefined ? !production : v.EMULATOR === '1';
  const billingSandbox = v.BILLING_SANDBOX === undefined ? !production : v.BILLING_SANDBOX === '1';
  // In production a loopback peer may be the reverse proxy in front of everyone: tools need the password.
  if (production && !v.QA_PASSWORD) {
    if (v.EMULATOR === '1') return refuse(ctx, 'EMULATOR=1 with NODE_ENV=production needs QA_PASSWORD (the emulator forges carrier identities)', 'EMULATOR');
    if (v.BILLING_SANDBOX === '1') return refuse(ctx, 'BILLING_SANDBOX=1 with NODE_ENV=production needs QA_PASSWORD (its console bills and ends contracts)', 'BILLING_SANDBOX');
  }
  if (v.WORKERS > 1) {
    // These keep state in process memory, which other processes would not see.
    if (emulator) return refuse(ctx, 'more than one process needs EMULATOR=0 (the emulator keeps its handsets\' cookies in memory)', 'WORKERS');
    if (billingSandbox) return refuse(ctx, 'more than one process needs BILLING_SANDBOX=0 (the sandbox carrier lives in memory)', 'WORKERS');
    if (/^sqlite::memory:$/.test(v.DATABASE_URL)) return refuse(ctx, 'more than one process needs a database file or server, not sqlite::memory:', 'WORKERS');
  }
  return {
    port: v.PORT,
    databaseUrl: v.DATABASE_URL,
    publicOrigin: origin.origin,
    allowedHosts,
    trustProxy: v.TRUST_PROXY.set,
    trustProxyList: v.TRUST_PROXY.list,
    carrierRanges: v.CARRIER_IP_RANGES,
    // Demo members have published passwords and subscriber IDs: production seeds them only when asked.
    seedDemo: (v.SEED_DEMO ?? (production ? '0' : '1')) === '1',
    smtpUrl: v.SMTP_URL,
    mailOutbox: v.MAIL_OUTBOX,
    mailFrom: v.MAIL_FROM ?? `no-reply@${origin.hostname}`,
    secretKey: v.SECRET_KEY,
    emulator,
    logLevel: v.LOG_LEVEL ?? (v.NODE_ENV === 'test' ? 'silent' : 'info'),
    secureCookies: origin.protocol === 'https:',
    slowQueryMs: v.SLOW_QUERY_MS,
    queryStatsFile: v.QUERY_STATS_FILE?.trim() || null,
    billingSandbox,
    billingSecrets: v.BILLING_SECRETS,
    billingProtocols: v.BILLING_PROTOCOLS,
    auCollectionUrl: v.AU_COLLECTION_URL ?? `${origin.origin}/sandbox/billing/au/collection`,
    workers: v.WORKERS,
    scheduleLeaseMs: v.SCHEDULE_LEASE_MS,
    billingSources: v.BILLING_SOURCES,
    production,
    qaPassword: v.QA_PASSWORD,
    mailIn: { port: v.MAIL_IN_PORT, host: v.MAIL_IN_HOST, domain: (v.MAIL_IN_DOMAIN ?? origin.hostname).toLowerCase() },
  };
});

/** The validated configuration; the first problem found, as `VARIABLE: problem`, otherwise. */
export function loadConfig(env: Env): Readonly<Config> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const [variable, problem] = Object.entries(fieldErrors(parsed.error))[0]!;
    throw new ConfigError(variable, problem);
  }
  return Object.freeze(parsed.data);
}

/** For entry points: the validated configuration, or the problem printed and exit code 2. */
export function configOrExit(env: Env, doing = 'start'): Readonly<Config> {
  try {
    return loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(`Ashiato cannot ${doing}: ${e.message}`);
    process.exit(2);
  }
}
