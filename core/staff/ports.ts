/** What the staff console needs from the outside world; db/ implements it. */
import type { UnitOfWork } from '../ports.js';
import type { MemberRepository, BindingRepository } from '../members/ports.js';
import type { SessionRepository } from '../sessions/ports.js';
import type { CourseRepository, PointRepository } from '../course/ports.js';

export type StaffRole = 'moderator' | 'support' | 'admin';

export interface Staff {
  id: number;
  login: string;
  name: string;
  role: StaffRole;
}

export interface StaffRepository {
  insert(s: { login: string; name: string; role: StaffRole; passwordHash: string; createdAt: number }): Promise<number>;
  byLogin(login: string): Promise<(Staff & { passwordHash: string }) | null>;
  byId(id: number): Promise<Staff | null>;
  list(): Promise<Staff[]>;
  startSession(tokenHash: string, staffId: number, expiresAt: number): Promise<void>;
  session(tokenHash: string, now: number): Promise<number | null>;
  endSession(tokenHash: string): Promise<void>;
}

export interface AuditEntry {
  id: number;
  staffId: number;
  action: string;
  targetKind: string;
  targetId: number;
  detail: string;
  createdAt: number;
}

/** Append-only: written once per staff action, read back; nothing updates or deletes an entry. */
export interface AuditRepository {
  append(e: Omit<AuditEntry, 'id'>): Promise<number>;
  recent(limit: number, offset: number): Promise<AuditEntry[]>;
}

/** Kinds of member content staff can hide (and an NG word can hold). */
export const CONTENT_KINDS = ['diary', 'comment', 'message', 'topic', 'ccomment', 'echo'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

export interface HiddenItem {
  kind: ContentKind;
  targetId: number;
  reason: 'staff' | 'held';
  word: string;
  createdAt: number;
}

/** Content hidden by staff or held for review: it vanishes for every member (core/access.ts). */
export interface HiddenContentRepository {
  /** Hides (or holds) the item; false when it was already hidden. */
  hide(h: HiddenItem): Promise<boolean>;
  /** Shows it again; false when it was not hidden. */
  restore(kind: ContentKind, targetId: number): Promise<boolean>;
  /** The ids among these that are hidden, with why (one query). */
  hiddenAmong(kind: ContentKind, ids: readonly number[]): Promise<Map<number, 'staff' | 'held'>>;
  list(reason: 'staff' | 'held', limit: number): Promise<HiddenItem[]>;
}

export type NgAction = 'hold' | 'refuse';

export interface NgWordRepository {
  all(): Promise<{ word: string; action: NgAction }[]>;
  put(word: string, action: NgAction, now: number): Promise<void>;
  remove(word: string): Promise<boolean>;
}

export interface OpenReport {
  id: number;
  reporterId: number;
  targetKind: string;
  targetId: number;
  reason: string;
  createdAt: number;
}

export interface ReportQueueRepository {
  open(limit: number): Promise<OpenReport[]>;
  byId(id: number): Promise<(OpenReport & { resolvedAt: number | null }) | null>;
  /** Resolves it once; false when already resolved. */
  resolve(id: number, now: number): Promise<boolean>;
}

/** A piece of member content as staff read it: whoever wrote it, and where it sits. */
export interface ContentView {
  kind: string;
  id: number;
  authorId: number;
  title: string;
  body: string;
  /** Where it sits (the diary entry a comment answers, the topic, the community). */
  context: string;
  /** The member-facing address, when there is one. */
  path: string | null;
  createdAt: number;
}

/** Staff reads of anything (no access rules: staff see hidden content too, to judge it). */
export interface ContentLookupRepository {
  content(kind: string, id: number): Promise<ContentView | null>;
  memberByMail(mail: string): Promise<number | null>;
}

export interface StaffRepositories {
  staff: StaffRepository;
  staffAudit: AuditRepository;
  hiddenContent: HiddenContentRepository;
  ngWords: NgWordRepository;
  reportQueue: ReportQueueRepository;
  contentLookup: ContentLookupRepository;
}

/** What a staff action writes together: the change and its audit entry commit or neither does. */
export interface StaffTx {
  staffAudit: AuditRepository;
  hiddenContent: HiddenContentRepository;
  ngWords: NgWordRepository;
  reportQueue: ReportQueueRepository;
  staff: StaffRepository;
  members: MemberRepository;
  sessions: SessionRepository;
}

export interface StaffStore extends StaffRepositories, UnitOfWork<StaffTx> {
  members: MemberRepository;
  bindings: BindingRepository;
  course: CourseRepository;
  points: PointRepository;
}
