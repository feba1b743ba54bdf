import type { Visibility } from '../../core/diary/ports.js';
import type { Gender, Profile, ProfileRepository, TopSection } from '../../core/profiles/ports.js';
import { compiledOnce, type Db, insertOnce, likeContaining, num } from '../util.js';

export function profiles(db: Db): ProfileRepository {
  const byMember = compiledOnce(db, (memberId: number) => db.selectFrom('profiles').selectAll().where('member_id', '=', memberId));
  const hidesQ = compiledOnce(db, (memberId: number) => db.selectFrom('profiles').select('hide_footprints').where('member_id', '=', memberId));
  return {
    async find(memberId) {
      const [r] = await byMember(memberId);
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
      if (!(await insertOnce(() => db.insertInto('profiles').values({ member_id: p.memberId, ...values }).execute()))) {
        await db.updateTable('profiles').set(values).where('member_id', '=', p.memberId).execute();
      }
    },
    async hidesFootprints(memberId) {
      const [r] = await hidesQ(memberId);
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
      if (q.nickname) query = query.where(likeContaining('members.nickname', q.nickname));
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
