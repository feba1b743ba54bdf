/** Building blocks every page uses; each renders correctly in all three markups. */
import type { InputMode } from '../carriers/index.js';
import { h, type Attrs, type Child, type Element } from './html.js';

/** Keypad digits shown before accesskey links, as members knew them from mixi. */
const KEY_LABEL: Record<string, string> = {
  '0': '[0]', '1': '[1]', '2': '[2]', '3': '[3]', '4': '[4]', '5': '[5]', '6': '[6]', '7': '[7]', '8': '[8]', '9': '[9]', '*': '[*]', '#': '[#]',
};

export interface LinkOptions {
  key?: keyof typeof KEY_LABEL | string;
  /** Ask the carrier to send the subscriber ID with this request (docomo guid=ON). */
  subscriberId?: boolean;
  /** Written as given, bypassing session and interstitial rewriting (only the interstitial uses it). */
  direct?: boolean;
}

export function link(href: string, label: Child, o: LinkOptions = {}): Element {
  const attrs: Attrs = { href };
  if (o.key) attrs.accesskey = o.key;
  if (o.subscriberId) attrs.subscriberId = true;
  if (o.direct) attrs.direct = true;
  // The keypad label ("[2]") is drawn by the renderer, for keypads only (not on PCs and smartphones).
  if (o.key && KEY_LABEL[o.key]) attrs.keyLabel = KEY_LABEL[o.key];
  return h('a', attrs, label);
}

/** A menu line: one link per line, keypad number first. */
export function menuItem(href: string, label: Child, key?: string, extra?: Child): Child {
  return [link(href, label, key ? { key } : {}), extra ?? null, h('br')];
}

export function heading(text: Child): Element {
  return h('div', null, h('b', null, text));
}

export function para(...children: Child[]): Element {
  return h('div', null, ...children);
}

/** Member-written text: escaped, line breaks kept, and splittable across pages. */
export function textBlock(text: string): Element {
  const lines = text.split('\n');
  const children: Child[] = [];
  lines.forEach((line, i) => {
    if (i > 0) children.push(h('br'));
    children.push(line);
  });
  const el = h('div', null, ...children);
  el.splitText = text;
  return el;
}

export function hr(): Element {
  return h('hr');
}

export interface FormOptions {
  action: string;
  method?: 'get' | 'post';
  subscriberId?: boolean;
  /** A form with a file field. */
  upload?: boolean;
}

export function form(o: FormOptions, ...children: Child[]): Element {
  const attrs: Attrs = { action: o.action, method: o.method ?? 'post' };
  if (o.upload) attrs.enctype = 'multipart/form-data';
  if (o.subscriberId) attrs.subscriberId = true;
  return h('form', attrs, h('div', null, ...children));
}

export interface FieldOptions {
  name: string;
  value?: string;
  size?: number;
  maxlength?: number;
  mode?: InputMode;
}

export function textField(label: string, o: FieldOptions, error?: string): Child {
  return [
    label, h('br'),
    error ? [h('span', null, `※${error}`), h('br')] : null,
    h('input', { type: 'text', name: o.name, value: o.value ?? '', size: o.size ?? 16, maxlength: o.maxlength, inputMode: o.mode }),
    h('br'),
  ];
}

export function passwordField(label: string, name: string, error?: string, mode: InputMode = 'alphabet'): Child {
  return [label, h('br'), error ? [h('span', null, `※${error}`), h('br')] : null, h('input', { type: 'password', name, size: mode === 'numeric' ? 8 : 16, maxlength: 64, inputMode: mode }), h('br')];
}

export function textArea(label: string, o: { name: string; value?: string; rows?: number; cols?: number; mode?: InputMode }, error?: string): Child {
  return [label, h('br'), error ? [h('span', null, `※${error}`), h('br')] : null, h('textarea', { name: o.name, rows: o.rows ?? 4, cols: o.cols ?? 20, inputMode: o.mode ?? 'hiragana' }, o.value ?? ''), h('br')];
}

export function submit(label: string, name?: string): Element {
  return h('input', { type: 'submit', value: label, name });
}

export function hidden(name: string, value: string): Element {
  return h('input', { type: 'hidden', name, value });
}

export function errorList(errors: Record<string, string> | undefined, only?: string): Child {
  if (!errors) return null;
  const msgs = Object.entries(errors).filter(([k]) => !only || k === only).map(([, v]) => v);
  return msgs.length ? h('div', null, ...msgs.map((m) => [`※${m}`, h('br')])) : null;
}

export function select(label: string, name: string, options: [string, string][], selected: string, error?: string): Child {
  return [
    label, h('br'),
    error ? [h('span', null, `※${error}`), h('br')] : null,
    h('select', { name }, ...options.map(([value, text]) => h('option', { value, selected: value === selected }, text))),
    h('br'),
  ];
}
