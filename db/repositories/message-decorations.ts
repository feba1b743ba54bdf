import type { MessageDecorationRepository } from '../../core/decomail/ports.js';
import { validDecoDoc } from '../../core/decomail/model.js';
import type { Db } from '../util.js';

/** Each decorated message's document, as JSON; re-checked when read. */
export function messageDecorations(db: Db): MessageDecorationRepository {
  return {
    async put(messageId, doc) {
      await db.insertInto('message_decorations').values({ message_id: messageId, doc: JSON.stringify(doc) }).execute();
    },
    async find(messageId) {
      const r = await db.selectFrom('message_decorations').select('doc').where('message_id', '=', messageId).executeTakeFirst();
      if (!r) return null;
      try {
        const doc: unknown = JSON.parse(r.doc);
        return validDecoDoc(doc) ? doc : null;
      } catch {
        return null;
      }
    },
  };
}
