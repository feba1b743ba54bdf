/** What the communities feature needs from the outside world; db/ implements it. */
import type { UnitOfWork } from '../ports.js';
import type { FriendshipRepository } from '../friends/ports.js';
import type { MessageRepository } from '../messages/ports.js';
import type { PhotoRepository } from '../photos/ports.js';

/** The fixed category list (mixi had a long one; these cover the demo and tests). */
export const CATEGORIES = ['hobby', 'music', 'sports', 'food', 'area', 'school', 'work', 'mobile', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];
export const JOIN_POLICIES = ['open', 'approval'] as const;
export type JoinPolicy = (typeof JOIN_POLICIES)[number];
/** Who may read topics: anyone (guests too), signed-in members, the community's members only. */
export const COMMUNITY_READERS = ['everyone', 'members', 'community'] as const;
export type CommunityReaders = (typeof COMMUNITY_READERS)[number];
/** A member's standing in a community (`pending`: asked to join; `banned`: shut out for good). */
export type CommunityRole = 'admin' | 'sub' | 'member' | 'pending' | 'banned';
/** Roles that count as belonging to the community. */
export const MEMBER_ROLES: readonly CommunityRole[] = ['admin', 'sub', 'member'];

export interface Community {
  id: number;
  adminId: number;
  name: string;
  category: Category;
  description: string;
  /** The community's image (a photo served as visibly as the community's front page). */
  photoId: number | null;
  joinPolicy: JoinPolicy;
  readers: CommunityReaders;
  status: 'open' | 'closed';
  memberCount: number;
  lastActivityAt: number;
  createdAt: number;
}

export interface CommunitySearch {
  keyword: string | null;
  category: Category | null;
  /** Only communities whose readers are among these (guests: everyone only). */
  readers: readonly CommunityReaders[];
  /** Communities the viewer is banned from never show to them. */
  excluding: readonly number[];
  order: 'members' | 'activity';
  limit: number;
  offset: number;
}

export interface CommunityRepository {
  insert(c: Omit<Community, 'id'>): Promise<number>;
  find(id: number): Promise<Community | null>;
  findMany(ids: readonly number[]): Promise<Community[]>;
  update(id: number, patch: Pick<Community, 'name' | 'category' | 'description' | 'joinPolicy' | 'readers'>): Promise<void>;
  setStatus(id: number, status: Community['status']): Promise<void>;
  setAdmin(id: number, adminId: number): Promise<void>;
  setPhoto(id: number, photoId: number | null): Promise<void>;
  /** The community whose image this photo is (null: none). */
  ofPhoto(photoId: number): Promise<number | null>;
  touch(id: number, at: number): Promise<void>;
  /** Sets member_count from the members table (inside the writer's transaction). */
  recount(id: number): Promise<void>;
  search(q: CommunitySearch): Promise<Community[]>;
}

export interface Membership {
  communityId: number;
  memberId: number;
  role: CommunityRole;
  joinedAt: number;
}

export interface CommunityMemberRepository {
  /** Adds a row; false when the member already has one (joined, pending or banned). */
  add(m: Membership): Promise<boolean>;
  /** Changes the role when it is one of `from`; false when it was not (changed meanwhile, or gone). */
  setRole(communityId: number, memberId: number, role: CommunityRole, from: readonly CommunityRole[]): Promise<boolean>;
  /** Removes the row when its role is one of `from`; false when it was not. */
  remove(communityId: number, memberId: number, from: readonly CommunityRole[]): Promise<boolean>;
  role(communityId: number, memberId: number): Promise<CommunityRole | null>;
  /** Every membership row of one member (any role), newest first. */
  ofMember(memberId: number, roles: readonly CommunityRole[], limit: number): Promise<Membership[]>;
  list(communityId: number, roles: readonly CommunityRole[], limit: number, offset: number): Promise<Membership[]>;
  /** The longest-standing sub-admin, else member, other than `excluding`. */
  successor(communityId: number, excluding: number): Promise<number | null>;
  /** Communities these members belong to, with how many of them, most first. */
  joinedBy(memberIds: readonly number[], limit: number): Promise<{ communityId: number; count: number }[]>;
}

export type TopicKind = 'topic' | 'event' | 'poll';

export interface Topic {
  id: number;
  communityId: number;
  authorId: number;
  kind: TopicKind;
  title: string;
  body: string;
  commentCount: number;
  lastCommentAt: number;
  /** Events: when and where; events and polls: the deadline; events: the capacity (null: no limit). */
  eventAt: number | null;
  place: string | null;
  deadline: number | null;
  capacity: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface CommunityTopicRepository {
  insert(t: Omit<Topic, 'id'>): Promise<number>;
  find(id: number): Promise<Topic | null>;
  update(id: number, patch: Pick<Topic, 'title' | 'body' | 'eventAt' | 'place' | 'deadline' | 'capacity' | 'updatedAt'>): Promise<void>;
  delete(id: number): Promise<void>;
  /** Newest activity first; `kind` narrows to one kind. */
  list(communityId: number, kind: TopicKind | null, limit: number, offset: number): Promise<Topic[]>;
  /**
   * For the top page: the newest topic of each open community this member belongs to, the
   * communities with the most recent activity first (one query, by index, however big they are).
   */
  newestOfMember(memberId: number, limit: number): Promise<Topic[]>;
  /** Photo ids of a topic, in upload order. */
  photos(topicId: number): Promise<number[]>;
  addPhoto(topicId: number, photoId: number): Promise<void>;
  /** The topic a photo belongs to (null: not a topic's photo). */
  topicOfPhoto(photoId: number): Promise<number | null>;
  removePhotos(topicId: number): Promise<void>;
  /** Counts one more comment and returns its number (the row is locked until the writer commits); null when the topic is gone. */
  nextNumber(id: number, at: number): Promise<number | null>;
  /**
   * Locks the topic's row until the writer commits (MySQL: the row; SQLite: the database), so
   * writers deciding from what the topic holds (seats, photos) take turns; false when it is gone.
   * Take it first in a transaction: later reads then see what the previous holder committed.
   */
  lock(id: number): Promise<boolean>;
}

export interface CommunityComment {
  id: number;
  topicId: number;
  number: number;
  authorId: number;
  body: string;
  deleted: boolean;
  createdAt: number;
}

export interface CommunityCommentRepository {
  insert(c: Omit<CommunityComment, 'id'>): Promise<number>;
  find(id: number): Promise<CommunityComment | null>;
  /** Comments numbered from..to (inclusive), in order. */
  range(topicId: number, from: number, to: number): Promise<CommunityComment[]>;
  markDeleted(id: number): Promise<void>;
  deleteForTopic(topicId: number): Promise<void>;
}

export interface Participant {
  memberId: number;
  seat: number;
  createdAt: number;
}

export interface CommunityEventRepository {
  participants(topicId: number): Promise<Participant[]>;
  /** One page of the participants, in the order they joined. */
  participantPage(topicId: number, limit: number, offset: number): Promise<Participant[]>;
  participantCount(topicId: number): Promise<number>;
  takesPart(topicId: number, memberId: number): Promise<boolean>;
  /** Takes a seat; false when that seat (or this member's place) is already taken. */
  take(topicId: number, memberId: number, seat: number, at: number): Promise<boolean>;
  cancel(topicId: number, memberId: number): Promise<void>;
  deleteForTopic(topicId: number): Promise<void>;
}

export interface CommunityPollRepository {
  addChoices(topicId: number, labels: readonly string[]): Promise<void>;
  choices(topicId: number): Promise<{ number: number; label: string }[]>;
  /** One vote per member (primary key): false when this member already voted. */
  vote(topicId: number, memberId: number, choice: number, at: number): Promise<boolean>;
  voteOf(topicId: number, memberId: number): Promise<number | null>;
  tally(topicId: number): Promise<Map<number, number>>;
  deleteForTopic(topicId: number): Promise<void>;
}

/** The repositories a community write touches together. */
export interface CommunityWrites {
  communities: CommunityRepository;
  communityMembers: CommunityMemberRepository;
  communityTopics: CommunityTopicRepository;
  communityComments: CommunityCommentRepository;
  communityEvents: CommunityEventRepository;
  communityPolls: CommunityPollRepository;
  messages: MessageRepository;
  photos: PhotoRepository;
}

/** The communities services' slice of the store: what they read, and what their transactions see. */
export interface CommunityStore extends UnitOfWork<CommunityWrites>, Omit<CommunityWrites, 'messages' | 'photos'> {
  friendships: FriendshipRepository;
}
