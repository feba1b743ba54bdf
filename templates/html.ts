/**
 * One page tree, rendered as cHTML, XHTML-MP or HTML5. Text is escaped unless wrapped in raw();
 * links and forms pass through the render context, which adds session, CSRF and carrier
 * parameters centrally, so no template handles them by hand.
 */
import type { InputMode, Markup } from '../carriers/index.js';
import { escapeHtml } from './escape.js';

export type AttrValue = string | number | boolean | null | undefined;
export interface Attrs {
  [name: string]: AttrValue | InputMode;
}

export interface Element {
  kind: 'el';
  tag: string;
  attrs: Attrs;
  children: Child[];
  /** For long member text: the plain text, so the paginator may cut it between characters. */
  splitText?: string;
}
export interface Raw {
  kind: 'raw';
  html: string;
}
export type Child = string | number | Element | Raw | null | undefined | false | Child[];

export function h(tag: string, attrs: Attrs | null = null, ...children: Child[]): Element {
  return { kind: 'el', tag, attrs: attrs ?? {}, children };
}

/** Markup that is already safe for this receiver (e.g. a converted pictogram). Use sparingly. */
export function raw(html: string): Raw {
  return { kind: 'raw', html };
}

export interface RenderContext {
  markup: Markup;
  inputModeAttributes(mode: InputMode): Record<string, string>;
  /** Rewrites an href or form action: session, carrier parameters, outbound interstitial. */
  url(href: string, opts: { subscriberId: boolean }): string;
  /** Hidden fields the gateway adds to every form of this method (session, CSRF token). */
  hiddenFields(method: 'get' | 'post'): [string, string][];
  /** A member is signed in (the PC and smartphone layout's navigation differs for guests). */
  signedIn?: boolean;
}

const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'param']);
const BOOLEAN = new Set(['checked', 'selected', 'disabled', 'readonly', 'multiple']);
/** Attributes consumed by the renderer, never written as-is. */
const PSEUDO = new Set(['inputMode', 'subscriberId', 'direct', 'keyLabel']);

export { escapeHtml };

function attr(markup: Markup, name: string, v: AttrValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (BOOLEAN.has(name)) return v ? (markup === 'xhtml-mp' ? ` ${name}="${name}"` : ` ${name}`) : '';
  return ` ${name}="${escapeHtml(String(v))}"`;
}

function renderAttrs(el: Element, ctx: RenderContext): string {
  const a = el.attrs;
  let out = '';
  const rewrite = a.direct !== true;
  for (const name in a) {
    if (PSEUDO.has(name)) continue;
    const v = a[name] as AttrValue;
    if (rewrite && ((name === 'href' && el.tag === 'a') || (name === 'action' && el.tag === 'form'))) {
      out += attr(ctx.markup, name, ctx.url(String(v ?? ''), { subscriberId: a.subscriberId === true }));
    } else {
      out += attr(ctx.markup, name, v);
    }
  }
  if (typeof a.inputMode === 'string') {
    const modeAttrs = ctx.inputModeAttributes(a.inputMode as InputMode);
    for (const n in modeAttrs) out += attr(ctx.markup, n, modeAttrs[n]);
  }
  return out;
}

export function render(node: Child, ctx: RenderContext): string {
  if (node === null || node === undefined || node === false) return '';
  if (typeof node === 'string') return escapeHtml(node);
  if (typeof node === 'number') return String(node);
  if (Array.isArray(node)) {
    let s = '';
    for (const c of node) s += render(c, ctx);
    return s;
  }
  if (node.kind === 'raw') return node.html;
  const tag = node.tag;
  const open = `<${tag}${renderAttrs(node, ctx)}`;
  if (VOID.has(tag)) return open + (ctx.markup === 'xhtml-mp' ? ' />' : '>');
  let inner = '';
  if (tag === 'form') {
    const method = String(node.attrs.method ?? 'get').toLowerCase() === 'post' ? 'post' : 'get';
    for (const [n, v] of ctx.hiddenFields(method)) inner += render(h('input', { type: 'hidden', name: n, value: v }), ctx);
  }
  // A link's keypad digit ("[2]") goes first, on handsets with a keypad (PCs and smartphones have none).
  if (typeof node.attrs.keyLabel === 'string' && ctx.markup !== 'html5') inner += escapeHtml(node.attrs.keyLabel);
  inner += render(node.children, ctx);
  return `${open}>${inner}</${tag}>`;
}
