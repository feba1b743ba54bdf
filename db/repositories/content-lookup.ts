import type { ContentLookupRepository, ContentView } from '../../core/staff/ports.js';
import { type Db, num } from '../util.js';

const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);

/**
 * Staff reads of reported content with where it sits. No access rules here: the staff service
 * alone calls it, for staff who judge the content (hidden content included).
 */
export function contentLookup(db: Db): ContentLookupRepository {
  async function content(kind: string, id: number): Promise<ContentView | null> {
    const base = { kind, id };
    switch (kind) {
      case 'diary': {
        const r = await db.selectFrom('diary_entries').selectAll().where('id', '=', id).executeTakeFirst();
        return r ? { ...base, authorId: num(r.member_id), title: r.title, body: r.body, context: `公開範囲: ${r.visibility}`, path: `/diary/${id}`, createdAt: num(r.created_at) } : null;
      }
      case 'comment': {
        const r = await db.selectFrom('diary_comments').innerJoin('diary_entries', 'diary_entries.id', 'diary_comments.entry_id').select(['diary_comments.author_id', 'diary_comments.body', 'diary_comments.created_at', 'diary_entries.id as entry_id', 'diary_entries.title', 'diary_entries.body as entry_body']).where('diary_comments.id', '=', id).executeTakeFirst();
        return r ? { ...base, authorId: num(r.author_id), title: '', body: r.body, context: `日記「${r.title}」: ${clip(r.entry_body)}`, path: `/diary/${num(r.entry_id)}`, createdAt: num(r.created_at) } : null;
      }
      case 'message': {
        const r = await db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
        return r ? { ...base, authorId: num(r.from_id), title: r.subject, body: r.body, context: `宛先 ID ${num(r.to_id)}`, path: null, createdAt: num(r.created_at) } : null;
      }
      case 'topic': {
        const r = await db.selectFrom('community_topics').innerJoin('communities', 'communities.id', 'community_topics.community_id').select(['community_topics.author_id', 'community_topics.title', 'community_topics.body', 'community_topics.created_at', 'communities.id as cid', 'communities.name']).where('community_topics.id', '=', id).executeTakeFirst();
        return r ? { ...base, authorId: num(r.author_id), title: r.title, body: r.body, context: `コミュニティ「${r.name}」`, path: `/communities/${num(r.cid)}/topics/${id}`, createdAt: num(r.created_at) } : null;
      }
      case 'ccomment': {
        const r = await db.selectFrom('community_comments').innerJoin('community_topics', 'community_topics.id', 'community_comments.topic_id').select(['community_comments.author_id', 'community_comments.body', 'community_comments.number', 'community_comments.created_at', 'community_topics.id as tid', 'community_topics.community_id as cid', 'community_topics.title']).where('community_comments.id', '=', id).executeTakeFirst();
        return r ? { ...base, authorId: num(r.author_id), title: '', body: r.body, context: `トピック「${r.title}」の ${num(r.number)} 番`, path: `/communities/${num(r.cid)}/topics/${num(r.tid)}`, createdAt: num(r.created_at) } : null;
      }
      case 'echo': {
        const r = await db.selectFrom('echoes').selectAll().where('id', '=', id).executeTakeFirst();
        return r ? { ...base, authorId: num(r.member_id), title: '', body: r.body, context: r.reply_to ? `エコー ${num(r.reply_to)} への返信` : 'エコー', path: `/echo/${id}`, createdAt: num(r.created_at) } : null;
      }
      case 'community': {
        const r = await db.selectFrom('communities').selectAll().where('id', '=', id).executeTakeFirst();
        return r ? { ...base, authorId: num(r.admin_id), title: r.name, body: r.description, context: `管理人 ID ${num(r.admin_id)}`, path: `/communities/${id}`, createdAt: num(r.created_at) } : null;
      }
      case 'member': {
        const r = await db.selectFrom('members').select(['id', 'nickname', 'login', 'created_at']).where('id', '=', id).executeTakeFirst();
        return r ? { ...base, authorId: num(r.id), title: r.nickname, body: '', context: `ログインID ${r.login}`, path: `/members/${id}`, createdAt: num(r.created_at) } : null;
      }
      default:
        return null;
    }
  }
  return {
    content,
    async memberByMail(mail) {
      const r = await db.selectFrom('members').select('id').where('mail', '=', mail).orderBy('id').executeTakeFirst();
      return r ? num(r.id) : null;
    },
  };
}
