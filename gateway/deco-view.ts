import type { Context } from 'hono';
import { decoEffects } from '../carriers/skin-styling.js';
import { decoFromForm, type DecoDoc } from '../core/decomail/model.js';
import { sanitizeDecoHtml } from '../core/decomail/sanitize.js';
import { decoComposePage, type ComposeValues } from '../templates/pages/deco.js';
import type { Page } from '../templates/layout.js';
import type { AppEnv } from './env.js';
import type { Services } from './services.js';
import { memberId } from './routes/shared.js';

export function composeValues(c: Context<AppEnv>): ComposeValues {
  const f = c.get('form');
  const q = c.get('query');
  const get = (k: string) => f.get(k) ?? (c.req.method === 'GET' ? q.get(k) : undefined) ?? '';
  return { subject: get('subject'), body: get('body'), color: get('color'), size: get('size'), bg: get('bg'), effect: get('effect'), template: get('template'), html: f.get('html') ?? '' };
}

/**
 * The decoration a compose form asks for: pasted deco-mail HTML (sanitised to the deco-mail
 * subset), else the form's choices; null when nothing is decorated (a plain message).
 */
export function decoOf(v: ComposeValues): DecoDoc | null {
  if (v.html.trim()) return sanitizeDecoHtml(v.html);
  const template = Number.parseInt(v.template, 10);
  const doc = decoFromForm({ body: v.body, color: v.color, size: v.size, bg: v.bg, effect: v.effect, template: Number.isSafeInteger(template) && template > 0 ? template : null });
  const styled = doc.runs.some((r) => r.t === 'img' || (r.t === 'text' && (r.color || r.size || r.blink || r.marquee)));
  return styled || doc.bg ? doc : null;
}

export async function composePage(c: Context<AppEnv>, s: Services, to: { id: number; nickname: string }, values: ComposeValues, errors: Record<string, string> = {}, preview?: DecoDoc): Promise<Page> {
  const device = c.get('device');
  const fx = decoEffects(device);
  const templates = (await s.decoGallery.gallery(memberId(c))).filter((g) => g.usable).map((g) => ({ id: g.template.id, name: g.template.name }));
  return decoComposePage({
    to,
    values,
    errors,
    effects: { blink: fx.blink !== null, marquee: fx.marquee !== null },
    templates,
    htmlField: device.markup === 'html5',
    ...(preview ? { preview: { doc: preview, device } } : {}),
  });
}
