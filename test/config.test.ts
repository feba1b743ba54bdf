import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../gateway/config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: 'sqlite:data/ashiato.db', publicOrigin: 'http://localhost:3000', seedDemo: true, smtpUrl: null, mailOutbox: 'data/outbox' });
    expect([...c.allowedHosts].sort()).toEqual(['127.0.0.1:3000', '[::1]:3000', 'localhost:3000']);
    expect(c.trustProxy.has('127.0.0.1')).toBe(false);
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://x' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://u:p@h:3306/' }],
    ['PUBLIC_ORIGIN', { PUBLIC_ORIGIN: 'not a url' }],
    ['PUBLIC_ORIGIN', { PUBLIC_ORIGIN: 'https://example.jp/path' }],
    ['ALLOWED_HOSTS', { ALLOWED_HOSTS: 'exa mple.jp' }],
    ['TRUST_PROXY', { TRUST_PROXY: '10.0.0.0/33' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'proxy.local' }],
    ['CARRIER_IP_RANGES', { CARRIER_IP_RANGES: '/no/such/file.json' }],
    ['SEED_DEMO', { SEED_DEMO: 'yes' }],
    ['SMTP_URL', { SMTP_URL: 'http://mail' }],
    ['SECRET_KEY', { SECRET_KEY: 'short' }],
    ['EMULATOR', { EMULATOR: 'on' }],
    ['BILLING_SANDBOX', { BILLING_SANDBOX: 'yes' }],
    ['BILLING_SECRETS', { BILLING_SECRETS: 'docomo=short' }],
    ['BILLING_SECRETS', { BILLING_SECRETS: `pc=${'k'.repeat(40)}` }],
    ['BILLING_SECRETS', { BILLING_SECRETS: 'nonsense' }],
    ['BILLING_SOURCES', { BILLING_SOURCES: 'carrier.example' }],
    ['WORKERS', { WORKERS: '0' }],
    ['WORKERS', { WORKERS: 'many' }],
    ['WORKERS', { WORKERS: '2' }], // the emulator (on outside production) keeps state in memory
    ['WORKERS', { WORKERS: '2', EMULATOR: '0' }], // so does the sandbox carrier
    ['WORKERS', { WORKERS: '2', EMULATOR: '0', BILLING_SANDBOX: '0', DATABASE_URL: 'sqlite::memory:' }],
    // Checked since the environment became one zod schema (before, they reached pino, the mailer
    // or the file system unchecked, and a misspelt NODE_ENV meant development).
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['MAIL_FROM', { MAIL_FROM: 'not an address' }],
    ['MAIL_FROM', { MAIL_FROM: 'no-reply@ashiato.example.jp\r\nBcc: someone@example.jp' }],
    ['MAIL_OUTBOX', { MAIL_OUTBOX: '' }],
    ['MAIL_OUTBOX', { MAIL_OUTBOX: 'data/\u0000outbox' }],
    ['NODE_ENV', { NODE_ENV: 'prod' }],
    ['MAIL_IN_PORT', { MAIL_IN_PORT: 'smtp' }],
    ['MAIL_IN_PORT', { MAIL_IN_PORT: '70000' }],
    ['MAIL_IN_HOST', { MAIL_IN_HOST: 'a b' }],
    ['MAIL_IN_DOMAIN', { MAIL_IN_DOMAIN: '-bad-.example' }],
  ])('names %s when its value is bad', (name, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${name}: `));
  });

  it('takes mail senders with or without a display name, and defaults to the origin host', () => {
    expect(loadConfig({ MAIL_FROM: 'Ashiato <no-reply@ashiato.example.jp>' }).mailFrom).toBe('Ashiato <no-reply@ashiato.example.jp>');
    expect(loadConfig({ PUBLIC_ORIGIN: 'https://ashiato.example.jp' }).mailFrom).toBe('no-reply@ashiato.example.jp');
    expect(loadConfig({ NODE_ENV: '' }).production).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
  });

  it('runs several gateway processes only where nothing lives in process memory', () => {
    expect(loadConfig({ WORKERS: '2', NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(32) }).workers).toBe(2);
    expect(loadConfig({ WORKERS: 'auto', EMULATOR: '0', BILLING_SANDBOX: '0' }).workers).toBeGreaterThanOrEqual(1);
    expect(loadConfig({}).workers).toBe(1);
  });

  it('derives hosts from PUBLIC_ORIGIN and accepts explicit lists', () => {
    expect(loadConfig({ PUBLIC_ORIGIN: 'https://ashiato.example.jp' }).allowedHosts.has('ashiato.example.jp:443')).toBe(true);
    const c = loadConfig({ ALLOWED_HOSTS: 'a.example.jp, b.example.jp:8080', TRUST_PROXY: '10.0.0.0/8, ::1' });
    expect([...c.allowedHosts]).toEqual(['a.example.jp:80', 'b.example.jp:8080']);
    expect(c.trustProxy.has('10.9.9.9')).toBe(true);
    expect(c.trustProxy.has('::1')).toBe(true);
  });
});

describe('the migration command', () => {
  it('migrates the database the validated configuration names (it reads no environment itself)', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runMigrations } = await import('../db/migrate-cli.js');
    const dir = mkdtempSync(join(tmpdir(), 'ashiato-migrate-'));
    try {
      const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'm.db')}` });
      expect(await runMigrations(config)).toBe(0);
      expect(await runMigrations(config)).toBe(0); // already up to date
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mail posting listener configuration', () => {
  it('listens on loopback port 2525 for the origin host by default, and can be turned off', () => {
    const base = { NODE_ENV: 'test', PUBLIC_ORIGIN: 'https://ashiato.example.jp' };
    expect(loadConfig(base).mailIn).toEqual({ port: 2525, host: '127.0.0.1', domain: 'ashiato.example.jp' });
    expect(loadConfig({ ...base, MAIL_IN_PORT: '0' }).mailIn.port).toBe(0);
    expect(loadConfig({ ...base, MAIL_IN_HOST: '0.0.0.0', MAIL_IN_DOMAIN: 'post.example.jp' }).mailIn).toEqual({ port: 2525, host: '0.0.0.0', domain: 'post.example.jp' });
  });
});
