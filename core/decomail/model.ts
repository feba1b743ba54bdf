/**
 * A decorated message (デコメ) as Ashiato keeps it: a flat list of runs, never markup. Whatever a
 * member sent (the handset form's options, or deco-mail HTML) becomes this, so every rendering —
 * the recipient's page in their carrier's markup, the deco-mail in their carrier's MIME tree — is
 * written by us from checked values: colours as #rrggbb, sizes 1–7, images only gallery templates.
 */

export interface DecoStyle {
  /** #rrggbb */
  color?: string;
  /** HTML font size 1–7 (3 is normal). */
  size?: number;
  blink?: boolean;
  marquee?: boolean;
}

export type DecoRun = ({ t: 'text'; text: string } & DecoStyle) | { t: 'img'; template: number } | { t: 'hr' } | { t: 'br' };

export interface DecoDoc {
  /** Background colour of the message, #rrggbb. */
  bg: string | null;
  runs: DecoRun[];
}

/** What a decorated message may hold before any carrier's limit (those are checked per recipient). */
export const DECO_LIMITS = { runs: 400, images: 20, textChars: 2000, htmlChars: 32 * 1024, depth: 32 } as const;

export const HEX_COLOR = /^#[0-9a-f]{6}$/;

/** Colours the keitai compose form offers (value → label), all also valid deco-mail colours. */
export const DECO_PALETTE: readonly [string, string][] = [
  ['#000000', '黒'],
  ['#ff0000', '赤'],
  ['#ff6600', 'オレンジ'],
  ['#ff3399', 'ピンク'],
  ['#0000ff', '青'],
  ['#009900', '緑'],
  ['#9900cc', '紫'],
  ['#ffffff', '白'],
];
export const DECO_BACKGROUNDS: readonly [string, string][] = [
  ['', 'なし'],
  ['#ffe4ec', 'さくら'],
  ['#e0f0ff', 'そら'],
  ['#fffbe0', 'レモン'],
  ['#101840', 'よぞら'],
];
export const DECO_SIZES: readonly [string, string][] = [
  ['3', 'ふつう'],
  ['1', '小'],
  ['5', '大'],
];

/** The plain text of a decorated message (kept as the message body: lists, search, plain mail). */
export function decoText(doc: DecoDoc): string {
  return doc.runs.map((r) => (r.t === 'text' ? r.text : r.t === 'br' ? '\n' : r.t === 'hr' ? '\n' : '')).join('');
}

export function decoTemplates(doc: DecoDoc): number[] {
  return [...new Set(doc.runs.flatMap((r) => (r.t === 'img' ? [r.template] : [])))];
}

/** Checks a stored or submitted document's shape (a stored one is re-checked before rendering). */
export function validDecoDoc(v: unknown): v is DecoDoc {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as DecoDoc;
  if (d.bg !== null && !(typeof d.bg === 'string' && HEX_COLOR.test(d.bg))) return false;
  if (!Array.isArray(d.runs) || d.runs.length > DECO_LIMITS.runs) return false;
  return d.runs.every((r) => {
    if (r.t === 'br' || r.t === 'hr') return true;
    if (r.t === 'img') return Number.isSafeInteger(r.template) && r.template > 0;
    if (r.t !== 'text' || typeof r.text !== 'string') return false;
    if (r.color !== undefined && !HEX_COLOR.test(r.color)) return false;
    if (r.size !== undefined && !(Number.isInteger(r.size) && r.size >= 1 && r.size <= 7)) return false;
    return (r.blink === undefined || typeof r.blink === 'boolean') && (r.marquee === undefined || typeof r.marquee === 'boolean');
  });
}

/** The keitai compose form's choices as a document: one style for the whole text, an optional template image on top. */
export function decoFromForm(o: { body: string; color?: string; size?: string; bg?: string; effect?: string; template?: number | null }): DecoDoc {
  const style: DecoStyle = {};
  if (o.color && HEX_COLOR.test(o.color) && o.color !== '#000000') style.color = o.color;
  const size = Number.parseInt(o.size ?? '', 10);
  if (size >= 1 && size <= 7 && size !== 3) style.size = size;
  if (o.effect === 'blink') style.blink = true;
  if (o.effect === 'marquee') style.marquee = true;
  const runs: DecoRun[] = [];
  if (o.template) runs.push({ t: 'img', template: o.template }, { t: 'br' });
  o.body.split(/\r?\n/).forEach((line, i) => {
    if (i > 0) runs.push({ t: 'br' });
    if (line) runs.push({ t: 'text', text: line, ...style });
  });
  return { bg: o.bg && HEX_COLOR.test(o.bg) ? o.bg : null, runs };
}
