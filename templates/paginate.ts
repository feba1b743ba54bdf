import type { DeviceProfile } from '../carriers/index.js';
import { h, render, type Child, type Element, type RenderContext } from './html.js';
import { renderDocument, type Page } from './layout.js';
import { textBlock } from './components.js';

/** Room kept free under the limit for what the network adds and rounding in our estimate. */
const SLACK = 96;

/** The most bytes a page sent whole (not split) may have on this handset. */
export function pageLimit(device: DeviceProfile): number {
  return device.maxPageBytes - SLACK;
}

/** The page as one encoded document when it fits the handset whole (what paginate sends then), else null. */
export function wholePage(page: Page, o: Pick<PaginateOptions, 'device' | 'ctx' | 'encode'>): Buffer | null {
  const whole = o.encode(renderDocument(page, render(page.blocks, o.ctx), null, o.device, o.ctx));
  return whole.length <= pageLimit(o.device) ? whole : null;
}

export interface PaginateOptions {
  device: DeviceProfile;
  ctx: RenderContext;
  encode(html: string): Buffer;
  pageNo: number;
  pageHref(n: number): string;
}

function pager(n: number, total: number, href: (n: number) => string): Child {
  if (total <= 1) return null;
  return h(
    'div',
    null,
    n > 1 ? [h('a', { href: href(n - 1), accesskey: '*', keyLabel: '[*]' }, '前へ'), ' '] : null,
    `${n}/${total}`,
    n < total ? [' ', h('a', { href: href(n + 1), accesskey: '#', keyLabel: '[#]' }, '次へ')] : null,
  );
}

function isSplittable(b: Child): b is Element & { splitText: string } {
  return typeof b === 'object' && b !== null && !Array.isArray(b) && b.kind === 'el' && typeof b.splitText === 'string';
}

/** Cuts member text into pieces that each fit `budget` bytes (binary search on characters). */
function splitText(text: string, budget: number, size: (b: Child) => number): Child[] {
  const chars = [...text];
  const out: Child[] = [];
  let start = 0;
  while (start < chars.length) {
    let lo = 1;
    let hi = chars.length - start;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (size(textBlock(chars.slice(start, start + mid).join(''))) <= budget) lo = mid;
      else hi = mid - 1;
    }
    out.push(textBlock(chars.slice(start, start + lo).join('')));
    start += lo;
  }
  return out;
}

const TOO_BIG = h('div', null, '※この部分は大きすぎるため、この端末では表示できません。');

/** A division with no attributes: cutting it between its children, each piece in its own, changes nothing a member sees. */
function isPlainDiv(b: Child): b is Element {
  return typeof b === 'object' && b !== null && !Array.isArray(b) && b.kind === 'el' && b.tag === 'div' && !b.splitText && Object.keys(b.attrs).length === 0;
}

/**
 * Puts `b` into `out` as blocks that each fit `budget`: a too-big list of blocks is taken apart
 * (its children fitted one by one), a too-big plain division is cut between its children, member
 * text is cut between characters; only what cannot be cut (one form too big by itself) becomes
 * the notice. So a poll's choices, an event's participants or a long list of requests spread
 * over pages instead of vanishing.
 */
function fit(b: Child, budget: number, size: (b: Child) => number, out: Child[]): void {
  if (size(b) <= budget) out.push(b);
  else if (Array.isArray(b)) for (const c of b as Child[]) fit(c, budget, size, out);
  else if (isSplittable(b)) out.push(...splitText(b.splitText, budget, size));
  else if (isPlainDiv(b)) {
    let group: Child[] = [];
    const flush = () => {
      if (group.length) out.push(h('div', null, ...group));
      group = [];
    };
    for (const c of b.children) {
      if (size(h('div', null, ...group, c)) <= budget) group.push(c);
      else {
        flush();
        if (size(h('div', null, c)) <= budget) group.push(c);
        else fit(c, budget, size, out);
      }
    }
    flush();
  } else out.push(TOO_BIG);
}

/**
 * Page splitting lives with the page tree it splits (the pager and the "too big" notice are
 * markup like any other); the gateway gives the encoder and the page links.
 *
 * Renders the page and, when its encoded size exceeds the handset's limit, splits its blocks
 * over numbered pages so that no page sent is over the limit. Sizes are measured in the
 * bytes the handset receives, after encoding.
 */
export function paginate(page: Page, o: PaginateOptions): Buffer {
  const { device, ctx, encode } = o;
  const whole = wholePage(page, o);
  if (whole) return whole;
  const limit = pageLimit(device);

  const size = (b: Child) => encode(render(b, ctx)).length;
  // The frame (header, footer, pager at its widest) is paid on every page. A member-written title
  // can make it too big on its own (pictograms a handset lacks become their names): it is
  // shortened until the frame leaves half the page for content.
  const frameOf = (p: Page) => encode(renderDocument(p, '', pager(2, 99, o.pageHref), device, ctx)).length + 8;
  let frame = frameOf(page);
  for (let chars = [...page.title].length; frame > limit / 2 && chars > 1; ) {
    chars = Math.floor(chars / 2);
    page = { ...page, title: `${[...page.title].slice(0, chars).join('')}…` };
    frame = frameOf(page);
  }
  const budget = Math.max(limit - frame, 64);

  const blocks: Child[] = [];
  for (const b of page.blocks) fit(b, budget, size, blocks);
  const pages: Child[][] = [[]];
  let used = 0;
  for (const b of blocks) {
    const s = size(b);
    if (used + s > budget && pages[pages.length - 1]!.length > 0) {
      pages.push([]);
      used = 0;
    }
    pages[pages.length - 1]!.push(b);
    used += s;
  }
  const n = Math.min(Math.max(o.pageNo, 1), pages.length);
  const out = encode(renderDocument(page, render(pages[n - 1]!, ctx), pager(n, pages.length, o.pageHref), device, ctx));
  // Never over the limit, whatever the frame: the handset gets the notice alone instead.
  return out.length <= device.maxPageBytes ? out : encode(renderDocument({ title: '', blocks: [] }, render(TOO_BIG, ctx), null, device, ctx));
}
