import { DomainError } from '../errors.js';
import type { Member } from '../members/ports.js';
import type { CourseSubscription, PointEntry } from '../course/ports.js';
import { CONTENT_KINDS, type ContentKind, type ContentView, type HiddenItem, type NgAction, type OpenReport, type Staff } from './ports.js';
import type { StaffService } from './service.js';
import { may } from './roles.js';

export interface ReportCase {
  report: OpenReport & { resolvedAt: number | null };
  content: ContentView | null;
  author: Member | null;
  /** Why the content is hidden now, if it is. */
  hidden: 'staff' | 'held' | null;
  /** The content can be hidden (a kind the access gate knows). */
  hideable: boolean;
}

const isKind = (k: string): k is ContentKind => (CONTENT_KINDS as readonly string[]).includes(k);
const publicMember = (m: Member & { passwordHash?: string }): Member => {
  const { passwordHash: _, ...rest } = m;
  return rest;
};

/**
 * What staff do to members and their content: the report queue with the content in context,
 * hiding and restoring content, suspending and restoring members, the NG-word list, member
 * lookup and (support) course and points history. Each call checks the role and writes the
 * audit log through StaffService.
 */
export class ModerationService {
  constructor(private readonly staff: StaffService) {}

  private get store() {
    return this.staff.store;
  }

  async queue(actor: Staff): Promise<{ report: OpenReport; content: ContentView | null }[]> {
    this.staff.require(actor, 'reports');
    const open = await this.store.reportQueue.open(100);
    return Promise.all(open.map(async (report) => ({ report, content: await this.store.contentLookup.content(report.targetKind, report.targetId) })));
  }

  async reportCase(actor: Staff, id: number): Promise<ReportCase> {
    this.staff.require(actor, 'reports');
    const report = await this.store.reportQueue.byId(id);
    if (!report) throw new DomainError('not_found');
    const content = await this.store.contentLookup.content(report.targetKind, report.targetId);
    const author = content ? await this.store.members.findById(content.authorId) : null;
    const hideable = isKind(report.targetKind);
    const hidden = hideable ? ((await this.store.hiddenContent.hiddenAmong(report.targetKind as ContentKind, [report.targetId])).get(report.targetId) ?? null) : null;
    return { report, content, author: author ? publicMember(author) : null, hidden, hideable };
  }

  async dismiss(actor: Staff, reportId: number): Promise<void> {
    this.staff.require(actor, 'reports');
    await this.staff.act(actor, 'report.dismiss', { kind: 'report', id: reportId }, async (tx) => {
      if (!(await tx.reportQueue.resolve(reportId, this.staff.clock.now()))) throw new DomainError('not_found');
    });
  }

  /** Hides the content for every member; resolves the report it came from, if any. */
  async hide(actor: Staff, kind: string, id: number, reportId: number | null): Promise<void> {
    this.staff.require(actor, 'content');
    if (!isKind(kind) || !(await this.store.contentLookup.content(kind, id))) throw new DomainError('not_found');
    await this.staff.act(actor, 'content.hide', { kind, id, detail: reportId ? `report ${reportId}` : '' }, async (tx) => {
      // Content held by an NG word is now hidden by staff: the author no longer sees it either.
      await tx.hiddenContent.restore(kind, id);
      await tx.hiddenContent.hide({ kind, targetId: id, reason: 'staff', word: '', createdAt: this.staff.clock.now() });
      if (reportId) await tx.reportQueue.resolve(reportId, this.staff.clock.now());
    });
  }

  /** Shows hidden or held content again. */
  async restore(actor: Staff, kind: string, id: number): Promise<void> {
    this.staff.require(actor, 'content');
    if (!isKind(kind)) throw new DomainError('not_found');
    await this.staff.act(actor, 'content.restore', { kind, id }, async (tx) => {
      if (!(await tx.hiddenContent.restore(kind, id))) throw new DomainError('not_found');
    });
  }

  async hiddenList(actor: Staff, reason: 'staff' | 'held'): Promise<{ item: HiddenItem; content: ContentView | null }[]> {
    this.staff.require(actor, 'content');
    const items = await this.store.hiddenContent.list(reason, 100);
    return Promise.all(items.map(async (item) => ({ item, content: await this.store.contentLookup.content(item.kind, item.targetId) })));
  }

  /** Suspends a member: refused everywhere from now on, every session ended at once. */
  async suspend(actor: Staff, memberId: number, reason: string): Promise<void> {
    this.staff.require(actor, 'suspend');
    await this.staff.act(actor, 'member.suspend', { kind: 'member', id: memberId, detail: reason.slice(0, 200) }, async (tx) => {
      const m = await tx.members.findById(memberId);
      if (!m || m.status !== 'active') throw new DomainError('not_found');
      // Its sessions stop working at once (the session loader refuses them with a page saying
      // why); they are deleted when the member is restored, so nothing opened before revives.
      await tx.members.update(memberId, { status: 'suspended' });
    });
  }

  async unsuspend(actor: Staff, memberId: number): Promise<void> {
    this.staff.require(actor, 'suspend');
    await this.staff.act(actor, 'member.restore', { kind: 'member', id: memberId }, async (tx) => {
      const m = await tx.members.findById(memberId);
      if (!m || m.status !== 'suspended') throw new DomainError('not_found');
      await tx.members.update(memberId, { status: 'active' });
      await tx.sessions.deleteForMember(memberId);
    });
  }

  /** Finds a member by id, login or mail address (every lookup is audited: it reads personal data). */
  async lookup(actor: Staff, query: string): Promise<Member | null> {
    this.staff.require(actor, 'lookup');
    const q = query.trim().slice(0, 200);
    if (!q) return null;
    let id: number | null = null;
    if (/^\d{1,12}$/.test(q)) id = Number(q);
    else if (q.includes('@')) id = await this.store.contentLookup.memberByMail(q.toLowerCase());
    else id = (await this.store.members.findByLogin(q.toLowerCase()))?.id ?? null;
    const m = id === null ? null : await this.store.members.findById(id);
    await this.staff.act(actor, 'member.lookup', { kind: 'member', id: m?.id ?? 0, detail: q }, async () => undefined);
    return m ? publicMember(m) : null;
  }

  /** One member for staff; course and points history only for roles allowed to read billing. */
  async member(actor: Staff, memberId: number): Promise<{ member: Member; bindings: { carrier: string }[]; course: CourseSubscription | null; balance: number | null; points: PointEntry[] | null }> {
    this.staff.require(actor, 'lookup');
    const m = await this.store.members.findById(memberId);
    if (!m) throw new DomainError('not_found');
    const billing = may(actor.role, 'billing');
    await this.staff.act(actor, 'member.view', { kind: 'member', id: memberId }, async () => undefined);
    return {
      member: publicMember(m),
      bindings: await this.store.bindings.listForMember(memberId),
      course: billing ? await this.store.course.subscription(memberId) : null,
      balance: billing ? await this.store.points.balance(memberId) : null,
      points: billing ? await this.store.points.history(memberId, 50, 0) : null,
    };
  }

  async ngWords(actor: Staff): Promise<{ word: string; action: NgAction }[]> {
    this.staff.require(actor, 'ngwords');
    return this.store.ngWords.all();
  }

  async putNgWord(actor: Staff, raw: string, action: string): Promise<void> {
    this.staff.require(actor, 'ngwords');
    const word = raw.normalize('NFKC').trim();
    if (!word || [...word].length > 50) throw new DomainError('invalid_input', { word: '1〜50文字で入力してください。' });
    if (action !== 'hold' && action !== 'refuse') throw new DomainError('invalid_input', { action: '扱いを選んでください。' });
    await this.staff.act(actor, 'ngword.put', { kind: 'ngword', id: 0, detail: `${word} → ${action}` }, (tx) => tx.ngWords.put(word, action, this.staff.clock.now()));
  }

  async removeNgWord(actor: Staff, word: string): Promise<void> {
    this.staff.require(actor, 'ngwords');
    await this.staff.act(actor, 'ngword.remove', { kind: 'ngword', id: 0, detail: word }, async (tx) => {
      if (!(await tx.ngWords.remove(word))) throw new DomainError('not_found');
    });
  }
}
