import type { Selectable } from 'kysely';
import type { Skin, SkinImageSlot, SkinKind, SkinRepository } from '../../core/collection/ports.js';
import type { SkinsTable } from '../schema.js';
import { type Db, insertedId, num, numOrNull } from '../util.js';

function toSkin(r: Selectable<SkinsTable>, images: SkinImageSlot[]): Skin {
  return {
    id: num(r.id),
    name: r.name,
    description: r.description,
    kind: r.kind as SkinKind,
    pricePoints: num(r.price_points),
    campaignId: numOrNull(r.campaign_id),
    sponsor: r.sponsor,
    bgColor: r.bg_color,
    textColor: r.text_color,
    linkColor: r.link_color,
    accent: r.accent,
    availableFrom: numOrNull(r.available_from),
    availableUntil: numOrNull(r.available_until),
    images,
    createdAt: num(r.created_at),
  };
}

/** The catalogue of designs and their images (images are read only when served). */
export function skins(db: Db): SkinRepository {
  const slotsOf = async (ids: number[]) => {
    const m = new Map<number, SkinImageSlot[]>();
    if (!ids.length) return m;
    for (const r of await db.selectFrom('skin_images').select(['skin_id', 'slot']).where('skin_id', 'in', ids).orderBy('slot').execute()) {
      const id = num(r.skin_id);
      m.set(id, [...(m.get(id) ?? []), r.slot as SkinImageSlot]);
    }
    return m;
  };
  return {
    async insert(s) {
      return insertedId(
        db.insertInto('skins').values({
          name: s.name,
          description: s.description,
          kind: s.kind,
          price_points: s.pricePoints,
          campaign_id: s.campaignId,
          sponsor: s.sponsor,
          bg_color: s.bgColor,
          text_color: s.textColor,
          link_color: s.linkColor,
          accent: s.accent,
          available_from: s.availableFrom,
          available_until: s.availableUntil,
          created_at: s.createdAt,
        }),
      );
    },
    async putImage(img) {
      await db.deleteFrom('skin_images').where('skin_id', '=', img.skinId).where('slot', '=', img.slot).execute();
      await db.insertInto('skin_images').values({ skin_id: img.skinId, slot: img.slot, width: img.width, height: img.height, data: img.data }).execute();
    },
    async find(id) {
      const r = await db.selectFrom('skins').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toSkin(r, (await slotsOf([num(r.id)])).get(num(r.id)) ?? []) : null;
    },
    async list() {
      const rows = await db.selectFrom('skins').selectAll().orderBy('id').execute();
      const slots = await slotsOf(rows.map((r) => num(r.id)));
      return rows.map((r) => toSkin(r, slots.get(num(r.id)) ?? []));
    },
    async image(skinId, slot) {
      const r = await db.selectFrom('skin_images').selectAll().where('skin_id', '=', skinId).where('slot', '=', slot).executeTakeFirst();
      return r ? { skinId, slot, width: num(r.width), height: num(r.height), data: Buffer.from(r.data) } : null;
    },
  };
}
