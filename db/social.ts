import type { Selectable } from 'kysely';

import type { BlockRepository, FriendRequest, FriendRequestRepository, FriendshipRepository } from '../core/friends/ports.js';
import type { CommentRepository, DiaryComment, DiaryEntry, DiaryRepository, FeedRepository, Visibility } from '../core/diary/ports.js';
import type { FootprintRepository } from '../core/footprints/ports.js';
import type { Message, MessageBox, MessageRepository } from '../core/messages/ports.js';
import type { Repositories } from '../core/store.js';
import { sql } from 'kysely';
import type { DiaryCommentsTable, DiaryEntriesTable, MessagesTable } from './schema.js';
import { containing } from './profiles.js';

const JST = 9 * 3600_000;
import { isUniqueViolation, num, numOrNull, type Db } from './util.js';

/** `not in ()` is invalid SQL; an empty exclusion list becomes an impossible id. */
const except = (ids: readonly number[]) => (ids.length ? [...ids] : [-1]);

function friendships(db: Db): FriendshipRepository {
  return {
    async befriend(a, b, now) {
      if (a === b) return false;
      try {
        await db.insertInto('friendships').values([{ member_id: a, friend_id: b, created_at: now }, { member_id: b, friend_id: a, created_at: now }]).execute();
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    },
    async unfriend(a, b) {
      await db.deleteFrom('friendships').where((eb) => eb.or([eb.and([eb('member_id', '=', a), eb('friend_id', '=', b)]), eb.and([eb('member_id', '=', b), eb('friend_id', '=', a)])])).execute();
    },
    async friendsOf(memberId) {
      const rows = await db.selectFrom('friendships').select('friend_id').where('member_id', '=', memberId).orderBy('created_at').execute();
      return rows.map((r) => num(r.friend_id));
    },
    async friendsAmong(memberId, ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('friendships').select('friend_id').where('member_id', '=', memberId).where('friend_id', 'in', [...new Set(ids)]).execute();
      return rows.map((r) => num(r.friend_id));
    },
    async areFriends(a, b) {
      const r = await db.selectFrom('friendships').select('friend_id').where('member_id', '=', a).where('friend_id', '=', b).executeTakeFirst();
      return r !== undefined;
    },
    async shareFriend(a, b) {
      const r = await db
        .selectFrom('friendships as x')
        .innerJoin('friendships as y', 'y.friend_id', 'x.friend_id')
        .select('x.friend_id')
        .where('x.member_id', '=', a)
        .where('y.member_id', '=', b)
        .limit(1)
        .executeTakeFirst();
      return r !== undefined;
    },
    async sharingFriendAmong(memberId, ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('friendships as x')
        .innerJoin('friendships as y', 'y.friend_id', 'x.friend_id')
        .select('y.member_id as id')
        .distinct()
        .where('x.member_id', '=', memberId)
        .where('y.member_id', 'in', [...new Set(ids)])
        .execute();
      return rows.map((r) => num(r.id));
    },
    async friendsOfFriends(memberId, limit) {
      const rows = await db
        .selectFrom('friendships as mine')
        .innerJoin('friendships as theirs', 'theirs.member_id', 'mine.friend_id')
        .select('theirs.friend_id as id')
        .distinct()
        .where('mine.member_id', '=', memberId)
        .where('theirs.friend_id', '!=', memberId)
        .limit(limit)
        .execute();
      return rows.map((r) => num(r.id));
    },
    async suggestions(memberId, limit) {
      const rows = await db
        .selectFrom('friendships as mine')
        .innerJoin('friendships as theirs', 'theirs.member_id', 'mine.friend_id')
        .select(['theirs.friend_id as candidate', (eb) => eb.fn.countAll().as('shared')])
        .where('mine.member_id', '=', memberId)
        .where('theirs.friend_id', '!=', memberId)
        .where('theirs.friend_id', 'not in', db.selectFrom('friendships').select('friend_id').where('member_id', '=', memberId))
        .groupBy('theirs.friend_id')
        .orderBy('shared', 'desc')
        .orderBy('theirs.friend_id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ memberId: num(r.candidate), shared: num(r.shared) }));
    },
  };
}

function toEntry(r: Selectable<DiaryEntriesTable>): DiaryEntry {
  return { id: num(r.id), memberId: num(r.member_id), title: r.title, body: r.body, visibility: r.visibility as Visibility, createdAt: num(r.created_at), updatedAt: num(r.updated_at) };
}

function diary(db: Db): DiaryRepository {
  return {
    async insert(e) {
      const r = await db
        .insertInto('diary_entries')
        .values({ member_id: e.memberId, title: e.title, body: e.body, visibility: e.visibility, created_at: e.createdAt, updated_at: e.updatedAt })
        .executeTakeFirstOrThrow();
      return Number(r.insertId);
    },
    async find(id) {
      const r = await db.selectFrom('diary_entries').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toEntry(r) : null;
    },
    async delete(id) {
      await db.deleteFrom('diary_entries').where('id', '=', id).execute();
    },
    async findMany(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('diary_entries').selectAll().where('id', 'in', [...new Set(ids)]).execute();
      return rows.map(toEntry);
    },
    async listByMember(memberId, visible, limit, offset) {
      if (visible.length === 0) return [];
      const rows = await db
        .selectFrom('diary_entries')
        .selectAll()
        .where('member_id', '=', memberId)
        .where('visibility', 'in', [...visible])
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toEntry);
    },
    async update(id, p) {
      await db.updateTable('diary_entries').set({ title: p.title, body: p.body, visibility: p.visibility, updated_at: p.updatedAt }).where('id', '=', id).execute();
    },
    async months(memberId, visible) {
      if (visible.length === 0) return [];
      const rows = await db.selectFrom('diary_entries').select('created_at').where('member_id', '=', memberId).where('visibility', 'in', [...visible]).execute();
      const counts = new Map<string, number>();
      for (const r of rows) {
        const month = new Date(num(r.created_at) + JST).toISOString().slice(0, 7);
        counts.set(month, (counts.get(month) ?? 0) + 1);
      }
      return [...counts].sort((a, b) => (a[0] < b[0] ? 1 : -1)).map(([month, count]) => ({ month, count }));
    },
    async inMonth(memberId, visible, from, to) {
      if (visible.length === 0) return [];
      const rows = await db
        .selectFrom('diary_entries')
        .selectAll()
        .where('member_id', '=', memberId)
        .where('visibility', 'in', [...visible])
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(toEntry);
    },
    async search(q) {
      const scopes = q.scopes.filter((s) => s.visibilities.length && (s.authorIds === 'any' || s.authorIds.length));
      if (!scopes.length) return [];
      let query = db
        .selectFrom('diary_entries')
        .selectAll()
        .where(sql<boolean>`(title like ${containing(q.keyword)} escape '!' or body like ${containing(q.keyword)} escape '!')`)
        .where((eb) =>
          eb.or(
            scopes.map((s) =>
              s.authorIds === 'any'
                ? eb('visibility', 'in', [...s.visibilities])
                : eb.and([eb('member_id', 'in', [...s.authorIds]), eb('visibility', 'in', [...s.visibilities])]),
            ),
          ),
        );
      if (q.excludingAuthors.length) query = query.where('member_id', 'not in', [...q.excludingAuthors]);
      const rows = await query.orderBy('created_at', 'desc').limit(q.limit).execute();
      return rows.map(toEntry);
    },
    async countSince(memberId, since) {
      const r = await db.selectFrom('diary_entries').select((eb) => eb.fn.countAll().as('n')).where('member_id', '=', memberId).where('created_at', '>', since).executeTakeFirstOrThrow();
      return num(r.n);
    },
  };
}

function friendRequests(db: Db): FriendRequestRepository {
  const to = (r: { id: unknown; from_id: unknown; to_id: unknown; message: string; status: string; created_at: unknown }): FriendRequest => ({
    id: num(r.id),
    fromId: num(r.from_id),
    toId: num(r.to_id),
    message: r.message,
    status: r.status as FriendRequest['status'],
    createdAt: num(r.created_at),
  });
  return {
    async insert(r) {
      const res = await db.insertInto('friend_requests').values({ from_id: r.fromId, to_id: r.toId, message: r.message, status: r.status, created_at: r.createdAt }).executeTakeFirstOrThrow();
      return Number(res.insertId);
    },
    async find(id) {
      const r = await db.selectFrom('friend_requests').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? to(r) : null;
    },
    async pendingBetween(fromId, toId) {
      const r = await db.selectFrom('friend_requests').selectAll().where('from_id', '=', fromId).where('to_id', '=', toId).where('status', '=', 'pending').executeTakeFirst();
      return r ? to(r) : null;
    },
    async pendingTo(memberId) {
      const rows = await db.selectFrom('friend_requests').selectAll().where('to_id', '=', memberId).where('status', '=', 'pending').orderBy('created_at', 'desc').execute();
      return rows.map(to);
    },
    async settle(id, status) {
      const r = await db.updateTable('friend_requests').set({ status }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async countSince(fromId, since) {
      const r = await db.selectFrom('friend_requests').select((eb) => eb.fn.countAll().as('n')).where('from_id', '=', fromId).where('created_at', '>', since).executeTakeFirstOrThrow();
      return num(r.n);
    },
  };
}

function footprints(db: Db): FootprintRepository {
  return {
    async latest(ownerId, visitorId) {
      const r = await db.selectFrom('footprints').select(['id', 'visited_at']).where('owner_id', '=', ownerId).where('visitor_id', '=', visitorId).orderBy('visited_at', 'desc').limit(1).executeTakeFirst();
      return r ? { id: num(r.id), visitedAt: num(r.visited_at) } : null;
    },
    async insert(ownerId, visitorId, at) {
      await db.insertInto('footprints').values({ owner_id: ownerId, visitor_id: visitorId, visited_at: at }).execute();
    },
    async touch(id, at) {
      await db.updateTable('footprints').set({ visited_at: at }).where('id', '=', id).execute();
    },
    async list(ownerId, limit, hidden) {
      const rows = await db
        .selectFrom('footprints')
        .select(['visitor_id', 'visited_at'])
        .where('owner_id', '=', ownerId)
        .where('visitor_id', 'not in', except(hidden))
        .orderBy('visited_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ visitorId: num(r.visitor_id), visitedAt: num(r.visited_at) }));
    },
    async countSince(ownerId, since, hidden) {
      const r = await db
        .selectFrom('footprints')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('owner_id', '=', ownerId)
        .where('visited_at', '>', since)
        .where('visitor_id', 'not in', except(hidden))
        .executeTakeFirstOrThrow();
      return num(r.n);
    },
  };
}

function toComment(r: Selectable<DiaryCommentsTable>): DiaryComment {
  return { id: num(r.id), entryId: num(r.entry_id), authorId: num(r.author_id), replyTo: numOrNull(r.reply_to), body: r.body, createdAt: num(r.created_at) };
}

function comments(db: Db): CommentRepository {
  return {
    async insert(c) {
      const r = await db.insertInto('diary_comments').values({ entry_id: c.entryId, author_id: c.authorId, reply_to: c.replyTo, body: c.body, created_at: c.createdAt }).executeTakeFirstOrThrow();
      return Number(r.insertId);
    },
    async find(id) {
      const r = await db.selectFrom('diary_comments').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toComment(r) : null;
    },
    async listForEntry(entryId) {
      const rows = await db.selectFrom('diary_comments').selectAll().where('entry_id', '=', entryId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toComment);
    },
    async delete(id) {
      // Replies to a deleted comment stay, shown without their parent.
      await db.updateTable('diary_comments').set({ reply_to: null }).where('reply_to', '=', id).execute();
      await db.deleteFrom('diary_comments').where('id', '=', id).execute();
    },
    async deleteForEntry(entryId) {
      await db.deleteFrom('diary_comments').where('entry_id', '=', entryId).execute();
    },
    async recentOnEntriesOf(memberId, limit, since) {
      const rows = await db
        .selectFrom('diary_comments')
        .innerJoin('diary_entries', 'diary_entries.id', 'diary_comments.entry_id')
        .selectAll('diary_comments')
        .where('diary_entries.member_id', '=', memberId)
        .where('diary_comments.author_id', '!=', memberId)
        .where('diary_comments.created_at', '>', since)
        .orderBy('diary_comments.created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toComment);
    },
    async countSince(authorId, since) {
      const r = await db.selectFrom('diary_comments').select((eb) => eb.fn.countAll().as('n')).where('author_id', '=', authorId).where('created_at', '>', since).executeTakeFirstOrThrow();
      return num(r.n);
    },
  };
}

function toMessage(r: Selectable<MessagesTable>): Message {
  return {
    id: num(r.id),
    fromId: num(r.from_id),
    toId: num(r.to_id),
    subject: r.subject,
    body: r.body,
    createdAt: num(r.created_at),
    readAt: numOrNull(r.read_at),
    senderBox: r.sender_box as MessageBox,
    recipientBox: r.recipient_box as MessageBox,
  };
}

function messages(db: Db): MessageRepository {
  return {
    async insert(m) {
      const r = await db
        .insertInto('messages')
        .values({ from_id: m.fromId, to_id: m.toId, subject: m.subject, body: m.body, created_at: m.createdAt, read_at: m.readAt, sender_box: m.senderBox, recipient_box: m.recipientBox })
        .executeTakeFirstOrThrow();
      return Number(r.insertId);
    },
    async find(id) {
      const r = await db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toMessage(r) : null;
    },
    async box(memberId, box, limit, hidden) {
      let q = db.selectFrom('messages').selectAll();
      if (box === 'inbox') q = q.where('to_id', '=', memberId).where('recipient_box', '=', 'inbox').where('from_id', 'not in', except(hidden));
      else if (box === 'sent') q = q.where('from_id', '=', memberId).where('sender_box', '=', 'sent').where('to_id', 'not in', except(hidden));
      else
        q = q
          .where((eb) =>
            eb.or([eb.and([eb('to_id', '=', memberId), eb('recipient_box', '=', 'trash')]), eb.and([eb('from_id', '=', memberId), eb('sender_box', '=', 'trash')])]),
          )
          // The other side of every message in any box is never someone hidden from this member.
          .where('from_id', 'not in', except(hidden))
          .where('to_id', 'not in', except(hidden));
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toMessage);
    },
    async markRead(id, at) {
      await db.updateTable('messages').set({ read_at: at }).where('id', '=', id).where('read_at', 'is', null).execute();
    },
    async move(id, side, box) {
      await db
        .updateTable('messages')
        .set(side === 'sender' ? { sender_box: box } : { recipient_box: box })
        .where('id', '=', id)
        .execute();
    },
    async unreadCount(memberId, hidden) {
      const r = await db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('to_id', '=', memberId)
        .where('recipient_box', '=', 'inbox')
        .where('read_at', 'is', null)
        .where('from_id', 'not in', except(hidden))
        .executeTakeFirstOrThrow();
      return num(r.n);
    },
    async countSince(fromId, since) {
      const r = await db.selectFrom('messages').select((eb) => eb.fn.countAll().as('n')).where('from_id', '=', fromId).where('created_at', '>', since).executeTakeFirstOrThrow();
      return num(r.n);
    },
  };
}

function blocks(db: Db): BlockRepository {
  return {
    async block(blockerId, blockedId, now) {
      try {
        await db.insertInto('blocks').values({ blocker_id: blockerId, blocked_id: blockedId, created_at: now }).execute();
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
    },
    async unblock(blockerId, blockedId) {
      await db.deleteFrom('blocks').where('blocker_id', '=', blockerId).where('blocked_id', '=', blockedId).execute();
    },
    async between(a, b) {
      const r = await db
        .selectFrom('blocks')
        .select('blocker_id')
        .where((eb) => eb.or([eb.and([eb('blocker_id', '=', a), eb('blocked_id', '=', b)]), eb.and([eb('blocker_id', '=', b), eb('blocked_id', '=', a)])]))
        .limit(1)
        .executeTakeFirst();
      return r !== undefined;
    },
    async involving(memberId) {
      const rows = await db
        .selectFrom('blocks')
        .select(['blocker_id', 'blocked_id'])
        .where((eb) => eb.or([eb('blocker_id', '=', memberId), eb('blocked_id', '=', memberId)]))
        .execute();
      return [...new Set(rows.map((r) => (num(r.blocker_id) === memberId ? num(r.blocked_id) : num(r.blocker_id))))];
    },
    async blockedBy(blockerId) {
      const rows = await db.selectFrom('blocks').select('blocked_id').where('blocker_id', '=', blockerId).execute();
      return rows.map((r) => num(r.blocked_id));
    },
  };
}

/** Repositories of the social core (friends, diaries, footprints, comments, messages, blocks). */
export function socialRepositories(db: Db): Pick<Repositories, 'friendships' | 'diary' | 'friendRequests' | 'footprints' | 'comments' | 'messages' | 'blocks' | 'feeds'> {
  return { friendships: friendships(db), diary: diary(db), friendRequests: friendRequests(db), footprints: footprints(db), comments: comments(db), messages: messages(db), blocks: blocks(db), feeds: feeds(db) };
}


function feeds(db: Db): FeedRepository {
  return {
    async fanOut(entry, recipients) {
      if (recipients.length === 0) return;
      const have = new Set(
        (await db.selectFrom('feed_items').select('member_id').where('entry_id', '=', entry.id).execute()).map((r) => num(r.member_id)),
      );
      const rows = [...new Set(recipients)].filter((m) => !have.has(m)).map((m) => ({ member_id: m, entry_id: entry.id, author_id: entry.memberId, created_at: entry.createdAt }));
      for (let i = 0; i < rows.length; i += 500) await db.insertInto('feed_items').values(rows.slice(i, i + 500)).execute();
    },
    async latest(memberId, limit, offset = 0) {
      const rows = await db
        .selectFrom('feed_items')
        .select('entry_id')
        .where('member_id', '=', memberId)
        .orderBy('created_at', 'desc')
        .orderBy('entry_id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map((r) => num(r.entry_id));
    },
    async removeEntry(entryId) {
      await db.deleteFrom('feed_items').where('entry_id', '=', entryId).execute();
    },
    async removeBetween(a, b) {
      await db.deleteFrom('feed_items').where((eb) => eb.or([eb.and([eb('member_id', '=', a), eb('author_id', '=', b)]), eb.and([eb('member_id', '=', b), eb('author_id', '=', a)])])).execute();
    },
    async backfill(memberId, authorId, limit) {
      const entries = await db
        .selectFrom('diary_entries')
        .select(['id', 'created_at'])
        .where('member_id', '=', authorId)
        .where('visibility', '<>', 'self')
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      for (const e of entries) await feeds(db).fanOut({ id: num(e.id), memberId: authorId, createdAt: num(e.created_at) }, [memberId]);
    },
    async rebuild() {
      await db.deleteFrom('feed_items').execute();
      await db
        .insertInto('feed_items')
        .columns(['member_id', 'entry_id', 'author_id', 'created_at'])
        .expression(
          db
            .selectFrom('diary_entries as e')
            .innerJoin('friendships as f', 'f.friend_id', 'e.member_id')
            .select(['f.member_id', 'e.id', 'e.member_id as author_id', 'e.created_at'])
            .where('e.visibility', '<>', 'self'),
        )
        .execute();
    },
  };
}
