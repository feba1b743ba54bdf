import type { DeviceProfile } from '../carriers/index.js';
import { escapeHtml } from './escape.js';
import { h, render, type Child, type RenderContext } from './html.js';
import { webBody, webHead } from './web.js';

/** A page as templates describe it; the gateway renders, encodes and splits it. */
export interface Page {
  title: string;
  /** Top-level blocks; a page too big for the handset is split between blocks. */
  blocks: Child[];
  /** Navigation repeated on every split page (e.g. back to top). */
  footer?: Child[];
  /** Whose page this is, when not Ashiato's (the sandbox carrier's own pages). */
  site?: string;
}

export const SITE_NAME = '足あと';

function head(title: string, site: string, device: DeviceProfile): string {
  const full = `${title} - ${site}`;
  if (device.markup === 'html5') return webHead(full, device.charset);
  const close = device.markup === 'xhtml-mp' ? ' />' : '>';
  return `<head><meta http-equiv="Content-Type" content="${device.contentType}; charset=${device.charset}"${close}<title>${full}</title></head>`;
}

/** The whole document around rendered blocks. `pager` is placed before the footer. */
export function renderDocument(page: Page, body: string, pager: Child, device: DeviceProfile, ctx: RenderContext): string {
  const htmlOpen = device.markup === 'xhtml-mp' ? '<html xmlns="http://www.w3.org/1999/xhtml">' : device.markup === 'html5' ? '<html lang="ja">' : '<html>';
  const site = page.site ?? SITE_NAME;
  if (device.markup === 'html5') {
    const body5 = webBody({ title: page.title, site, ours: page.site === undefined, body, tail: pager, footer: page.footer }, ctx);
    return `${device.doctype}\n${htmlOpen}${head(escapeHtml(page.title), escapeHtml(site), device)}${body5}</html>`;
  }
  const banner = render([h('div', null, h('b', null, site), ' ', page.title), h('hr')], ctx);
  const tail = render([pager, page.footer?.length ? [h('hr'), page.footer] : null], ctx);
  return `${device.doctype}\n${htmlOpen}${head(escapeHtml(page.title), escapeHtml(site), device)}<body>${banner}${body}${tail}</body></html>`;
}
