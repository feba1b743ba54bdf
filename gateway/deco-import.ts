import { sanitizeDecoHtml } from '../core/decomail/sanitize.js';
import type { DecoDoc } from '../core/decomail/model.js';
import { DECO_LIMITS } from '../core/decomail/model.js';
import { jimpCodec } from '../media/jimp-codec.js';
import { readCarrierTemplate, type TemplateFormat } from '../mail/deco-template.js';
import type { Services } from './services.js';

/** Gallery images are at most this wide (keitai deco-mail images of the time were small). */
const MAX_WIDTH = 240;

/**
 * Imports a carrier template file (.dmt / .khm / .hmt) into the decorated-message gallery: each
 * inline image becomes a gallery template (decoded through the photo codec's probe, stored as
 * GIF), named after the file's title; its HTML is sanitised like any member's deco-mail HTML,
 * with its cid: images pointing at the new gallery entries (returned for preview).
 */
export async function importCarrierTemplate(s: Services, raw: Buffer, o: { name?: string; pricePoints?: number } = {}): Promise<{ format: TemplateFormat; title: string; templates: number[]; doc: DecoDoc }> {
  const t = await readCarrierTemplate(raw);
  const title = (o.name ?? t.title ?? 'テンプレート').slice(0, 60);
  const ids = new Map<string, number>();
  for (const img of t.images.slice(0, DECO_LIMITS.images)) {
    const n = await jimpCodec.normalize(img.bytes, MAX_WIDTH);
    const gif = await jimpCodec.toGif!(n.jpeg, n.width);
    const name = t.images.length > 1 ? `${title}${ids.size + 1}` : title;
    ids.set(img.cid, await s.decoGallery.add({ name, pricePoints: o.pricePoints ?? 0, gif, width: n.width, height: n.height }));
  }
  const html = t.html.replace(/(["'\s=])cid:([^"'\s>]+)/gi, (whole, lead: string, cid: string) => (ids.has(cid) ? `${lead}tpl:${ids.get(cid)}` : whole));
  return { format: t.format, title, templates: [...ids.values()], doc: sanitizeDecoHtml(html) };
}
