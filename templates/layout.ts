import type { DeviceProfile } from '../carriers/index.js';
import { escapeHtml } from './escape.js';
import { h, render, type Child, type RenderContext } from './html.js';
import { webBody, webHead } from './web.js';
import { skinStyling } from '../carriers/skin-styling.js';

/** A page design (mixi Collection) as the page wears it; images already sized for this handset. */
export interface PageSkin {
  bgColor: string;
  textColor: string;
  linkColor: string;
  /** Pictograms (stored form) beside the title. */
  accent: string;
  header: { src: string } | null;
  /** A tiled background image, where the handset shows one. */
  background: string | null;
}

/** A page as templates describe it; the gateway renders, encodes and splits it. */
export interface Page {
  title: string;
  /** Top-level blocks; a page too big for the handset is split between blocks. */
  blocks: Child[];
  /** Navigation repeated on every split page (e.g. back to top). */
  footer?: Child[];
  /** Whose page this is, when not Ashiato's (the sandbox carrier's own pages). */
  site?: string;
  /** The owner's design on profile / diary / album pages (visitors see it too). */
  skin?: PageSkin;
}

export const SITE_NAME = '足あと';

const HEX = /^#[0-9a-f]{6}$/i;
/** Only #RRGGBB reaches markup or CSS, whatever a row holds. */
const colour = (c: string, fallback: string) => (HEX.test(c) ? c : fallback);
/** Only our own image paths reach url(...). */
const imagePath = (p: string | null) => (p && /^\/[A-Za-z0-9/_-]+$/.test(p) ? p : null);

/** The skin's style sheet, for browsers that read one (the body attributes serve the rest). */
function skinSheet(skin: PageSkin | undefined, device: DeviceProfile): string {
  if (!skin) return '';
  const st = skinStyling(device);
  if (st.form !== 'style-element') return '';
  const bg = st.backgroundImage ? imagePath(skin.background) : null;
  const css = `body{background-color:${colour(skin.bgColor, '#ffffff')};color:${colour(skin.textColor, '#000000')}${bg ? `;background-image:url(${bg})` : ''}}a:link,a:visited{color:${colour(skin.linkColor, '#0000ee')}}`;
  return `<style${st.typedStyle ? ' type="text/css"' : ''}>${css}</style>`;
}

function bodyOpen(skin: PageSkin | undefined, device: DeviceProfile): string {
  if (!skin || skinStyling(device).form !== 'body-attributes') return '<body>';
  const link = colour(skin.linkColor, '#0000ee');
  return `<body bgcolor="${colour(skin.bgColor, '#ffffff')}" text="${colour(skin.textColor, '#000000')}" link="${link}" vlink="${link}">`;
}

function head(title: string, site: string, device: DeviceProfile, sheet = ''): string {
  const full = `${title} - ${site}`;
  if (device.markup === 'html5') return webHead(full, device.charset, sheet);
  const close = device.markup === 'xhtml-mp' ? ' />' : '>';
  return `<head><meta http-equiv="Content-Type" content="${device.contentType}; charset=${device.charset}"${close}<title>${full}</title>${sheet}</head>`;
}

/** The whole document around rendered blocks. `pager` is placed before the footer. */
export function renderDocument(page: Page, body: string, pager: Child, device: DeviceProfile, ctx: RenderContext): string {
  const htmlOpen = device.markup === 'xhtml-mp' ? '<html xmlns="http://www.w3.org/1999/xhtml">' : device.markup === 'html5' ? '<html lang="ja">' : '<html>';
  const site = page.site ?? SITE_NAME;
  const skin = page.skin;
  const header = skin?.header ? h('div', null, h('img', { src: imagePath(skin.header.src) ?? '', alt: '' })) : null;
  if (device.markup === 'html5') {
    const body5 = webBody({ title: page.title, site, ours: page.site === undefined, body, tail: pager, footer: page.footer, skinHeader: header, accent: skin?.accent || undefined }, ctx);
    return `${device.doctype}\n${htmlOpen}${head(escapeHtml(page.title), escapeHtml(site), device, skinSheet(skin, device))}${body5}</html>`;
  }
  const banner = render([header, h('div', null, skin?.accent ? `${skin.accent} ` : null, h('b', null, site), ' ', page.title), h('hr')], ctx);
  const tail = render([pager, page.footer?.length ? [h('hr'), page.footer] : null], ctx);
  return `${device.doctype}\n${htmlOpen}${head(escapeHtml(page.title), escapeHtml(site), device, skinSheet(skin, device))}${bodyOpen(skin, device)}${banner}${body}${tail}</body></html>`;
}
