import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { Handset, UA } from './support/handset.js';
import { runStatusChecks } from '../gateway/status-check.js';
import { courseRoundTrip } from './support/billing.js';

const clock = { t: Date.parse('2026-11-15T03:00:00Z'), now() { return this.t; } };

type M = Awaited<ReturnType<typeof signedInMember>>;

describe.each(dialects())('daily member-status check against the carrier (%s)', (dialect) => {
  const gw = gatewayForSuite(dialect, {}, clock);
  const s = () => gw.booted.services;
  const member = (kind: 'docomo' | 'au' | 'softbank') => signedInMember(gw, kind, { createdAt: clock.now() });

  /** Joins a course (`/course` or `/premium`) at the sandbox carrier. */
  async function join(m: M, path: '/course' | '/premium') {
    const r = await courseRoundTrip(gw, m, path, 'join');
    expect(r.atCarrier.text).toContain('お申し込みを受け付けました');
    expect(r.done.text).toContain('登録が完了しました');
  }
  const contractOf = async (svc: 'course' | 'premium', memberId: number) => (await s()[svc].heldContracts()).find((h) => h.sub.memberId === memberId)!.sub.contractRef;

  it('finds courses the carrier ended or cancelled without a notice reaching us, once, and reports what it cannot explain', async () => {
    const ended = await member('docomo');
    const premiumEnded = await member('au');
    const cancelled = await member('softbank');
    const fine = await member('au');
    await join(ended, '/course');
    await join(premiumEnded, '/premium');
    await join(cancelled, '/course');
    await join(fine, '/course');
    const sandbox = s().sandbox!;
    // The carrier ends two phone contracts and cancels one course, and no notice reaches us.
    expect(await sandbox.endContract(await contractOf('course', ended.id), { silent: true })).toBe(0);
    expect(await sandbox.endContract(await contractOf('premium', premiumEnded.id), { silent: true })).toBe(0);
    sandbox.lines.get(await contractOf('course', cancelled.id))!.state = 'cancelled';
    // A contract we hold that the carrier has never heard of (reported, not changed).
    await s().store.course.putSubscription({ memberId: 999_999, carrier: 'docomo', contractRef: 'sbx-docomo-ghost', state: 'registered', joinedAt: clock.now(), cancelledAt: null, updatedAt: clock.now() });
    expect(await s().course.isActive(ended.id)).toBe(true);
    expect(await s().premium.isActive(premiumEnded.id)).toBe(true);

    const reports = await runStatusChecks(s());
    const fixed = reports.flatMap((r) => r.fixed.map((f) => ({ ...f, product: r.product })));
    expect(fixed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ memberId: ended.id, action: 'expired', product: 'points' }),
        expect.objectContaining({ memberId: premiumEnded.id, action: 'expired', product: 'premium' }),
        expect.objectContaining({ memberId: cancelled.id, action: 'cancelled', product: 'points' }),
      ]),
    );
    expect(fixed.some((f) => f.memberId === fine.id)).toBe(false);
    expect(reports.flatMap((r) => r.problems)).toContainEqual({ contract: 'sbx-docomo-ghost', issue: 'unknown_at_carrier' });

    // What the members see: the ended course is over; the cancelled one runs to the month's end.
    await ended.go('/course');
    expect(ended.h.last.text).not.toContain('ご利用中');
    expect(await s().course.isActive(ended.id)).toBe(false);
    expect((await s().course.status(cancelled.id)).state).toBe('cancelled');
    expect(await s().course.isActive(cancelled.id)).toBe(true);
    await premiumEnded.go('/messages/search?q=x');
    expect(premiumEnded.h.last.status).toBe(403);
    expect(await s().course.isActive(fine.id)).toBe(true);

    // A second run (another process, the next cron) changes nothing more.
    const again = await runStatusChecks(s());
    expect(again.flatMap((r) => r.fixed)).toEqual([]);
  });

  it('runs from the sandbox console too, where a contract can be ended without a notice', async () => {
    const m = await member('docomo');
    await join(m, '/course');
    const contract = await contractOf('course', m.id);
    const qa = new Handset(gw, UA.pc, { keepsCookies: true });
    await qa.get('/sandbox/billing/console');
    await qa.submit(qa.formTo(/\/console\/end/), { contract, silent: '1' });
    expect(qa.last.text).toContain('通知せずに契約を終了しました');
    expect(await s().course.isActive(m.id)).toBe(true);
    await qa.submit(qa.formTo(/\/console\/status/), {});
    expect(qa.last.status).toBe(200);
    expect(qa.last.text).toContain(contract);
    expect(await s().course.isActive(m.id)).toBe(false);
  });
});
