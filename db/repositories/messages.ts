import type { Message, MessageBox, MessageRepository } from '../../core/messages/ports.js';
import type { MessagesTable } from '../schema.js';
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { compiledOnce, type Db, except, firstOrNull, insertedId, likeContaining, num, numOrNull } from '../util.js';

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

export function messages(db: Db): MessageRepository {
  /** One box's newest messages; each box filters on columns of its own, so each is compiled once on its own. */
  const boxQuery = (box: 'inbox' | 'sent' | 'trash') =>
    compiledOnce(db, (memberId: number, limit: number, hidden: number[]) => {
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
      return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
    });
  const inboxQ = boxQuery('inbox');
  const sentQ = boxQuery('sent');
  const trashQ = boxQuery('trash');
  const unreadQ = compiledOnce(db, (memberId: number, hidden: number[]) =>
    db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('to_id', '=', memberId)
      .where('recipient_box', '=', 'inbox')
      .where('read_at', 'is', null)
      .where('from_id', 'not in', except(hidden))
      // A message hidden by staff or held by an NG word is not in the inbox: not counted either.
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('hidden_content').select('target_id').where('hidden_content.kind', '=', 'message').whereRef('hidden_content.target_id', '=', 'messages.id')))),
  );
  return {
    async insert(m) {
      return insertedId(
        db
          .insertInto('messages')
          .values({ from_id: m.fromId, to_id: m.toId, subject: m.subject, body: m.body, created_at: m.createdAt, read_at: m.readAt, sender_box: m.senderBox, recipient_box: m.recipientBox }),
      );
    },
    async find(id) {
      return firstOrNull(db.selectFrom('messages').selectAll().where('id', '=', id), toMessage);
    },
    async box(memberId, box, limit, hidden) {
      const rows = await (box === 'inbox' ? inboxQ : box === 'sent' ? sentQ : trashQ)(memberId, limit, [...hidden]);
      return rows.map(toMessage);
    },
    async search(memberId, text, limit, hidden) {
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('to_id', '=', memberId), eb('recipient_box', 'in', ['inbox', 'trash'])]),
            eb.and([eb('from_id', '=', memberId), eb('sender_box', 'in', ['sent', 'trash'])]),
          ]),
        )
        .where('from_id', 'not in', except(hidden))
        .where('to_id', 'not in', except(hidden))
        .where(sql<boolean>`(${likeContaining('subject', text)} or ${likeContaining('body', text)})`)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
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
      const [r] = await unreadQ(memberId, [...hidden]);
      return num(r?.n ?? 0);
    },
    async countSince(fromId, since) {
      const r = await db.selectFrom('messages').select((eb) => eb.fn.countAll().as('n')).where('from_id', '=', fromId).where('created_at', '>', since).executeTakeFirstOrThrow();
      return num(r.n);
    },
  };
}
