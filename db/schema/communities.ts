/** Row types: communities, their members, topics (events and polls too), comments, participants, votes. */
import type { Generated } from 'kysely';

export interface CommunitiesTable {
  id: Generated<number>;
  admin_id: number;
  name: string;
  category: string;
  description: string;
  photo_id: number | null;
  join_policy: string;
  readers: string;
  status: string;
  member_count: number;
  last_activity_at: number;
  created_at: number;
}

export interface CommunityMembersTable {
  community_id: number;
  member_id: number;
  role: string;
  joined_at: number;
}

export interface CommunityTopicsTable {
  id: Generated<number>;
  community_id: number;
  author_id: number;
  kind: string;
  title: string;
  body: string;
  comment_count: number;
  last_comment_at: number;
  event_at: number | null;
  place: string | null;
  deadline: number | null;
  capacity: number | null;
  created_at: number;
  updated_at: number;
}

export interface CommunityCommentsTable {
  id: Generated<number>;
  topic_id: number;
  number: number;
  author_id: number;
  body: string;
  deleted: number;
  created_at: number;
}

export interface CommunityParticipantsTable {
  topic_id: number;
  member_id: number;
  seat: number;
  created_at: number;
}

export interface CommunityPollChoicesTable {
  topic_id: number;
  number: number;
  label: string;
}

export interface CommunityPollVotesTable {
  topic_id: number;
  member_id: number;
  choice: number;
  created_at: number;
}

export interface CommunityTopicPhotosTable {
  topic_id: number;
  photo_id: number;
}
