/** What the profiles feature needs from the outside world; db/ implements it. */
import type { Visibility } from '../diary/ports.js';
import type { FriendshipRepository } from '../friends/ports.js';
import type { PhotoRepository } from '../photos/ports.js';

export const GENDERS = ['none', 'female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];
export const TOP_SECTIONS = ['friend-diaries', 'footprints', 'comments', 'communities', 'echo', 'albums'] as const;
export type TopSection = (typeof TOP_SECTIONS)[number];

export interface Profile {
  memberId: number;
  photoId: number | null;
  gender: Gender;
  showAge: boolean;
  /** One of the 47 prefectures, or '' for unset. */
  area: string;
  intro: string;
  searchOptOut: boolean;
  defaultVisibility: Visibility;
  topSections: TopSection[];
}

export interface MemberSearch {
  nickname?: string;
  area?: string;
  /** Inclusive birth-date bounds (YYYY-MM-DD) derived from an age range. */
  bornFrom?: string;
  bornTo?: string;
  /** Only members who show their age may match an age search. */
  limit: number;
  excluding: readonly number[];
}

export interface ProfileRepository {
  find(memberId: number): Promise<Profile | null>;
  upsert(p: Profile, now: number): Promise<void>;
  /** The "visit without leaving a footprint" preference (honoured only while the course is active). */
  hidesFootprints(memberId: number): Promise<boolean>;
  /** Sets that preference; the profile row must exist. */
  setHideFootprints(memberId: number, on: boolean, now: number): Promise<void>;
  /** Whether the member wants a mail when a message arrives (true without a profile row). */
  mailNotify(memberId: number): Promise<boolean>;
  /** Sets that preference; the profile row must exist. */
  setMailNotify(memberId: number, on: boolean, now: number): Promise<void>;
  /** Active members who allow being found, newest first. */
  search(q: MemberSearch): Promise<number[]>;
}

export interface Endorsement {
  authorId: number;
  memberId: number;
  body: string;
  createdAt: number;
}

export interface BookmarkRepository {
  add(memberId: number, targetId: number, now: number): Promise<void>;
  remove(memberId: number, targetId: number): Promise<void>;
  list(memberId: number): Promise<number[]>;
}

export interface EndorsementRepository {
  /** Writes or replaces the author's endorsement of the member. */
  put(e: Endorsement): Promise<void>;
  remove(authorId: number, memberId: number): Promise<boolean>;
  forMember(memberId: number): Promise<Endorsement[]>;
}

export interface ReportRepository {
  insert(r: { reporterId: number; targetKind: 'member' | 'diary' | 'comment' | 'message' | 'community' | 'topic'; targetId: number; reason: string; createdAt: number }): Promise<number>;
  countSince(reporterId: number, since: number): Promise<number>;
}

/** ProfileService's slice of the store (single-row writes: no transaction). */
export interface ProfileStore {
  bookmarks: BookmarkRepository;
  endorsements: EndorsementRepository;
  friendships: FriendshipRepository;
  photos: PhotoRepository;
  profiles: ProfileRepository;
  reports: ReportRepository;
}
