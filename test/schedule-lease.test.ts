import { afterAll, describe, expect, it } from 'vitest';
import { ScheduleLease } from '../core/schedule/service.js';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { startGatewayProcess, type GatewayProcess } from './support/process.js';

/**
 * The schedule (housekeeping, blog refresh, billing runs) runs in one process among all the
 * gateways on a database: the holder of a lease row, taken over when its holder stops renewing.
 */
describe.each(dialects())('the schedule lease (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect);
  let t = 1_000_000;
  const clock = { now: () => t };

  it('has one holder at a time, and passes to another once the holder stops renewing', async () => {
    const leases = gw.booted.services.store.leases;
    const a = new ScheduleLease(leases, clock, 'gateway-a', 3000, 'test-lease');
    const b = new ScheduleLease(leases, clock, 'gateway-b', 3000, 'test-lease');
    expect(await a.renew()).toBe('taken');
    expect(await b.renew()).toBe('other');
    expect([a.holds(), b.holds()]).toEqual([true, false]);
    t += 1000;
    expect(await a.renew()).toBe('kept');
    expect(await b.renew()).toBe('other');
    // a dies: no more renewals. Until its lease has run out, b still waits.
    t += 2500;
    expect(await b.renew()).toBe('other');
    t += 600;
    expect(await b.renew()).toBe('taken');
    expect(b.holds()).toBe(true);
    // a comes back (a long pause, not a death): it learns it lost the lease and runs nothing.
    expect(await a.renew()).toBe('lost');
    expect(a.holds()).toBe(false);
    expect(await a.ifHolder(async () => 'ran')).toBeUndefined();
    expect(await b.ifHolder(async () => 'ran')).toBe('ran');
    expect(await leases.holder('test-lease')).toEqual({ holder: 'gateway-b', expiresAt: t + 3000 });
  });

  it('stops running jobs before its lease could have passed to another', async () => {
    const a = new ScheduleLease(gw.booted.services.store.leases, clock, 'gateway-c', 3000, 'other-lease');
    expect(await a.renew()).toBe('taken');
    t += 1900;
    expect(a.holds()).toBe(true);
    t += 200; // two thirds of the length gone without a renewal
    expect(a.holds()).toBe(false);
  });
});

describe('two gateway processes on one database', () => {
  const started: GatewayProcess[] = [];
  afterAll(async () => {
    for (const p of started.reverse()) await p.stop();
  });

  it('run the schedule in one of them, and the other takes over when it is killed', async () => {
    const env = (port: number, base: string, db: string) => ({
      PORT: String(port), DATABASE_URL: `sqlite:${db}`, SEED_DEMO: '0', SECRET_KEY: 'lease-test-secret-lease-test-secret!!', LOG_LEVEL: 'info',
      PUBLIC_ORIGIN: base, EMULATOR: '0', BILLING_SANDBOX: '0', SCHEDULE_LEASE_MS: '3000',
    });
    let dbPath = '';
    const a = await startGatewayProcess(({ port, base, dir }) => ((dbPath = `${dir}/lease.db`), env(port, base, dbPath)));
    started.push(a);
    const taken = /schedule lease taken/;
    for (let i = 0; i < 50 && !taken.test(a.output()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(a.output()).toMatch(taken);
    const b = await startGatewayProcess(({ port, base }) => env(port, base, dbPath));
    started.push(b);
    // Several of b's tries (every 750 ms), all while a renews. The lease is long enough that a
    // process starved of CPU for two seconds (other test files run beside this one) still holds it.
    await new Promise((r) => setTimeout(r, 2000));
    expect(b.output()).not.toMatch(taken);
    await a.crash();
    for (let i = 0; i < 100 && !taken.test(b.output()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(b.output()).toMatch(taken);
    // b serves on, as the runner.
    expect(await (await fetch(`${b.base}/healthz`)).text()).toBe('ok');
  }, 90_000);
});
