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
  ])('names %s when its value is bad', (name, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${name}: `));
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
