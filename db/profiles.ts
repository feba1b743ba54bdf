import { sql } from 'kysely';
import type { BlogFeedRepository } from '../core/blog/ports.js';
import type { BookmarkRepository, EndorsementRepository, Gender, Profile, ProfileRepository, ReportRepository, TopSection } from '../core/profiles/ports.js';
import type { PhotoRepository } from '../core/photos/ports.js';
import type { Repositories } from '../core/store.js';
import type { Visibility } from '../core/diary/ports.js';
import { isUniqueViolation, num, type Db } from './util.js';

/** LIKE pattern for a literal substring, escaped with '!' (the same in SQLite and MySQL). */
export function containing(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

function profiles(db: Db): ProfileRepository {
  return {
    async find(memberId) {
      const r = await db.selectFrom('profiles').selectAll().where('member_id', '=', memberId).executeTakeFirst();
      if (!r) return null;
      return {
        memberId,
        photoId: r.photo_id === null ? null : num(r.photo_id),
        gender: r.gender as Gender,
        showAge: num(r.show_age) === 1,
        area: r.area,
        intro: r.intro,
        searchOptOut: num(r.search_opt_out) === 1,
        defaultVisibility: r.default_visibility as Visibility,
        topSections: r.top_sections.split(',').filter(Boolean) as TopSection[],
      };
    },
    async upsert(p: Profile, now) {
      const values = {
        gender: p.gender,
        show_age: p.showAge ? 1 : 0,
        area: p.area,
        intro: p.intro,
        search_opt_out: p.searchOptOut ? 1 : 0,
        default_visibility: p.defaultVisibility,
        top_sections: p.topSections.join(','),
        updated_at: now,
        photo_id: p.photoId,
      };
      const r = await db.updateTable('profiles').set(values).where('member_id', '=', p.memberId).executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) return;
      try {
        await db.insertInto('profiles').values({ member_id: p.memberId, ...values }).execute();
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        await db.updateTable('profiles').set(values).where('member_id', '=', p.memberId).execute();
      }
    },
    async hidesFootprints(memberId) {
      const r = await db.selectFrom('profiles').select('hide_footprints').where('member_id', '=', memberId).executeTakeFirst();
      return r ? num(r.hide_footprints) === 1 : false;
    },
    async setHideFootprints(memberId, on, now) {
      await db.updateTable('profiles').set({ hide_footprints: on ? 1 : 0, updated_at: now }).where('member_id', '=', memberId).execute();
    },
    async mailNotify(memberId) {
      const r = await db.selectFrom('profiles').select('mail_notify').where('member_id', '=', memberId).executeTakeFirst();
      return r ? num(r.mail_notify) === 1 : true;
    },
    async setMailNotify(memberId, on, now) {
      await db.updateTable('profiles').set({ mail_notify: on ? 1 : 0, updated_at: now }).where('member_id', '=', memberId).execute();
    },
    async search(q) {
      let query = db
        .selectFrom('members')
        .leftJoin('profiles', 'profiles.member_id', 'members.id')
        .select('members.id')
        .where('members.status', '=', 'active')
        .where((eb) => eb.or([eb('profiles.search_opt_out', 'is', null), eb('profiles.search_opt_out', '=', 0)]));
      if (q.excluding.length) query = query.where('members.id', 'not in', [...q.excluding]);
      if (q.nickname) query = query.where(sql<boolean>`members.nickname like ${containing(q.nickname)} escape '!'`);
      if (q.area) query = query.where('profiles.area', '=', q.area);
      if (q.bornFrom || q.bornTo) {
        query = query.where('profiles.show_age', '=', 1);
        if (q.bornFrom) query = query.where('members.birth_date', '>=', q.bornFrom);
        if (q.bornTo) query = query.where('members.birth_date', '<=', q.bornTo);
      }
      const rows = await query.orderBy('members.id', 'desc').limit(q.limit).execute();
      return rows.map((r) => num(r.id));
    },
  };
}

function photos(db: Db): PhotoRepository {
  return {
    async insert(p) {
      const r = await db
        .insertInto('photos')
        .values({ member_id: p.memberId, entry_id: p.entryId ?? null, width: p.width, height: p.height, data: p.data, created_at: p.createdAt })
        .executeTakeFirstOrThrow();
      return Number(r.insertId);
    },
    async find(id) {
      const r = await db.selectFrom('photos').select(['id', 'member_id', 'entry_id', 'width', 'height']).where('id', '=', id).executeTakeFirst();
      return r ? { id: num(r.id), memberId: num(r.member_id), entryId: r.entry_id === null ? null : num(r.entry_id), width: num(r.width), height: num(r.height) } : null;
    },
    async forEntry(entryId) {
      const rows = await db.selectFrom('photos').select(['id', 'member_id', 'entry_id', 'width', 'height']).where('entry_id', '=', entryId).orderBy('id').execute();
      return rows.map((r) => ({ id: num(r.id), memberId: num(r.member_id), entryId, width: num(r.width), height: num(r.height) }));
    },
    async original(id) {
      const r = await db.selectFrom('photos').select('data').where('id', '=', id).executeTakeFirst();
      return r ? Buffer.from(r.data) : null;
    },
    async variant(id, width) {
      const r = await db.selectFrom('photo_variants').select('data').where('photo_id', '=', id).where('width', '=', width).executeTakeFirst();
      return r ? Buffer.from(r.data) : null;
    },
    async putVariant(id, width, data) {
      try {
        await db.insertInto('photo_variants').values({ photo_id: id, width, data }).execute();
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
    },
    async delete(id) {
      await db.deleteFrom('photo_variants').where('photo_id', '=', id).execute();
      await db.deleteFrom('photos').where('id', '=', id).execute();
    },
  };
}

function blogFeeds(db: Db): BlogFeedRepository {
  const to = (r: { member_id: unknown; url: string; last_fetched_at: unknown; last_error: string | null }) => ({
    memberId: num(r.member_id),
    url: r.url,
    lastFetchedAt: r.last_fetched_at === null ? null : num(r.last_fetched_at),
    lastError: r.last_error,
  });
  return {
    async find(memberId) {
      const r = await db.selectFrom('blog_feeds').selectAll().where('member_id', '=', memberId).executeTakeFirst();
      return r ? to(r) : null;
    },
    async put(memberId, url, now) {
      await db.deleteFrom('blog_feeds').where('member_id', '=', memberId).execute();
      await db.insertInto('blog_feeds').values({ member_id: memberId, url, last_fetched_at: null, last_error: null, created_at: now }).execute();
    },
    async remove(memberId) {
      await db.deleteFrom('blog_feeds').where('member_id', '=', memberId).execute();
    },
    async due(before, limit) {
      const rows = await db
        .selectFrom('blog_feeds')
        .selectAll()
        .where((eb) => eb.or([eb('last_fetched_at', 'is', null), eb('last_fetched_at', '<', before)]))
        .orderBy('last_fetched_at')
        .limit(limit)
        .execute();
      return rows.map(to);
    },
    async recordFetch(memberId, at, error) {
      await db.updateTable('blog_feeds').set({ last_fetched_at: at, last_error: error }).where('member_id', '=', memberId).execute();
    },
    async claimItem(memberId, itemHash, entryId) {
      try {
        await db.insertInto('blog_items').values({ member_id: memberId, item_hash: itemHash, entry_id: entryId }).execute();
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    },
    async hasItem(memberId, itemHash) {
      const r = await db.selectFrom('blog_items').select('entry_id').where('member_id', '=', memberId).where('item_hash', '=', itemHash).executeTakeFirst();
      return r !== undefined;
    },
  };
}

function bookmarks(db: Db): BookmarkRepository {
  return {
    async add(memberId, targetId, now) {
      try {
        await db.insertInto('bookmarks').values({ member_id: memberId, target_id: targetId, created_at: now }).execute();
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
    },
    async remove(memberId, targetId) {
      await db.deleteFrom('bookmarks').where('member_id', '=', memberId).where('target_id', '=', targetId).execute();
    },
    async list(memberId) {
      const rows = await db.selectFrom('bookmarks').select('target_id').where('member_id', '=', memberId).orderBy('created_at', 'desc').execute();
      return rows.map((r) => num(r.target_id));
    },
  };
}

function endorsements(db: Db): EndorsementRepository {
  return {
    async put(e) {
      await db.deleteFrom('endorsements').where('author_id', '=', e.authorId).where('member_id', '=', e.memberId).execute();
      await db.insertInto('endorsements').values({ author_id: e.authorId, member_id: e.memberId, body: e.body, created_at: e.createdAt }).execute();
    },
    async remove(authorId, memberId) {
      const r = await db.deleteFrom('endorsements').where('author_id', '=', authorId).where('member_id', '=', memberId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async forMember(memberId) {
      const rows = await db.selectFrom('endorsements').selectAll().where('member_id', '=', memberId).orderBy('created_at', 'desc').execute();
      return rows.map((r) => ({ authorId: num(r.author_id), memberId: num(r.member_id), body: r.body, createdAt: num(r.created_at) }));
    },
  };
}

function reports(db: Db): ReportRepository {
  return {
    async insert(r) {
      const res = await db
        .insertInto('reports')
        .values({ reporter_id: r.reporterId, target_kind: r.targetKind, target_id: r.targetId, reason: r.reason, created_at: r.createdAt, resolved_at: null })
        .executeTakeFirstOrThrow();
      return Number(res.insertId);
    },
    async countSince(reporterId, since) {
      const r = await db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).where('reporter_id', '=', reporterId).where('created_at', '>', since).executeTakeFirstOrThrow();
      return num(r.n);
    },
  };
}

export function profileRepositories(db: Db): Pick<Repositories, 'profiles' | 'bookmarks' | 'endorsements' | 'reports' | 'photos' | 'blogFeeds'> {
  return { profiles: profiles(db), bookmarks: bookmarks(db), endorsements: endorsements(db), reports: reports(db), photos: photos(db), blogFeeds: blogFeeds(db) };
}
