import type { DecoTemplate, DecoTemplateRepository } from '../../core/decomail/ports.js';
import { type Db, insertOnce, insertedId, num } from '../util.js';

const toTemplate = (r: { id: unknown; name: string; price_points: unknown; width: unknown; height: unknown; created_at: unknown }): DecoTemplate => ({
  id: num(r.id),
  name: r.name,
  pricePoints: num(r.price_points),
  width: num(r.width),
  height: num(r.height),
  createdAt: num(r.created_at),
});
const COLUMNS = ['id', 'name', 'price_points', 'width', 'height', 'created_at'] as const;

/** The decorated-message template gallery and who bought which paid template. */
export function decoTemplates(db: Db): DecoTemplateRepository {
  return {
    async insert(t) {
      return insertedId(db.insertInto('deco_templates').values({ name: t.name, price_points: t.pricePoints, width: t.width, height: t.height, data: t.data, created_at: t.createdAt }));
    },
    async list() {
      return (await db.selectFrom('deco_templates').select(COLUMNS).orderBy('id').execute()).map(toTemplate);
    },
    async findMany(ids) {
      if (!ids.length) return [];
      return (await db.selectFrom('deco_templates').select(COLUMNS).where('id', 'in', [...ids]).execute()).map(toTemplate);
    },
    async image(id) {
      const r = await db.selectFrom('deco_templates').select('data').where('id', '=', id).executeTakeFirst();
      return r ? Buffer.from(r.data) : null;
    },
    async addOwner(memberId, templateId, ref, at) {
      return insertOnce(() => db.insertInto('deco_template_owners').values({ member_id: memberId, template_id: templateId, ref, acquired_at: at }).execute());
    },
    async owned(memberId) {
      const rows = await db.selectFrom('deco_template_owners').select('template_id').where('member_id', '=', memberId).execute();
      return new Set(rows.map((r) => num(r.template_id)));
    },
  };
}
