/**
 * The layout PCs and smartphones get (markup html5): the same page tree as the handsets', in a
 * readable column with a site header and navigation instead of keypad menus. Keitai pages never
 * pass through here (templates/layout.ts keeps their bytes as they were).
 */
import { escapeHtml } from './escape.js';
import { h, render, type Child, type RenderContext } from './html.js';

const MEMBER_NAV: [string, string][] = [
  ['/', 'トップ'],
  ['/diary/new', '日記を書く'],
  ['/messages', 'メッセージ'],
  ['/footprints', '足あと'],
  ['/communities', 'コミュニティ'],
  ['/search', '検索'],
  ['/settings', '設定'],
];
const GUEST_NAV: [string, string][] = [
  ['/', 'トップ'],
  ['/login', 'ログイン'],
  ['/register', '新規登録'],
];

export function webHead(title: string, charset: string, sheet = ''): string {
  // A page design's own sheet (mixi Collection) comes after the site's, so it wins.
  return `<head><meta charset="${charset}"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="same-origin"><title>${title}</title><link rel="icon" href="/favicon.ico"><link rel="stylesheet" href="/site.css">${sheet}</head>`;
}

/** Header with navigation, the page in <main> under its title, the page's own links in the footer. */
export function webBody(o: { title: string; site: string; ours: boolean; body: string; tail: Child; footer: Child[] | undefined; skinHeader?: Child; accent?: string | undefined }, ctx: RenderContext): string {
  const nav = o.ours ? h('nav', { class: 'site', 'aria-label': 'メニュー' }, ...(ctx.signedIn ? MEMBER_NAV : GUEST_NAV).map(([href, label]) => h('a', { href }, label))) : null;
  const header = render(h('header', { class: 'site' }, h('div', { class: 'bar' }, o.ours ? h('a', { href: '/', class: 'brand' }, o.site) : h('span', { class: 'brand' }, o.site), nav)), ctx);
  const footer = o.footer?.length ? render(h('footer', { class: 'site' }, h('nav', { class: 'page', 'aria-label': 'このページから' }, o.footer)), ctx) : '';
  const lead = o.skinHeader ? render(o.skinHeader, ctx) : '';
  const accent = o.accent ? `${render(o.accent, ctx)} ` : '';
  return `<body class="web">${header}<main>${lead}<h1>${accent}${escapeHtml(o.title)}</h1>${o.body}${render(o.tail, ctx)}</main>${footer}</body>`;
}

/** The stylesheet (/site.css): one column of readable width, from a 390 px phone to a 1280 px PC. */
export const SITE_CSS = `:root{--accent:#e8761c;--ink:#222;--muted:#666;--line:#e6e1da;--bg:#f7f3ee;--link:#0b5cad}
*{box-sizing:border-box}
body{margin:0;font:16px/1.75 system-ui,-apple-system,"Hiragino Sans","Noto Sans JP","IPAPGothic",sans-serif;color:var(--ink);background:var(--bg);overflow-wrap:anywhere}
header.site{background:#fff;border-bottom:3px solid var(--accent)}
header.site .bar,footer.site{max-width:46rem;margin:0 auto;padding:.55rem 1.25rem}
header.site .bar{display:flex;flex-wrap:wrap;align-items:baseline;gap:.3rem 1.2rem}
.brand{font-weight:700;font-size:1.35rem;color:var(--accent);text-decoration:none;letter-spacing:.05em}
nav.site{display:flex;flex-wrap:wrap;gap:.15rem 1rem;font-size:.95rem}
nav.site a{color:var(--ink);text-decoration:none;padding:.15rem 0}
nav.site a:hover,nav.site a:focus{color:var(--accent);text-decoration:underline}
main{max-width:46rem;margin:1.25rem auto;padding:1.25rem 1.5rem;background:#fff;border-radius:14px;box-shadow:0 1px 4px rgba(0,0,0,.08)}
main>h1{font-size:1.45rem;margin:0 0 .8rem;line-height:1.4}
a{color:var(--link)}
hr{border:0;border-top:1px solid var(--line);margin:1rem 0}
img{max-width:100%;height:auto;border-radius:8px;vertical-align:middle}
input:not([type=submit]):not([type=checkbox]):not([type=radio]):not([type=hidden]):not([type=file]),textarea,select{width:100%;max-width:34rem;font:inherit;padding:.45rem .6rem;border:1px solid #bbb;border-radius:8px;background:#fff}
textarea{min-height:8rem}
input[type=submit],button{font:inherit;margin:.4rem 0;padding:.45rem 1.3rem;border:0;border-radius:999px;background:var(--accent);color:#fff;cursor:pointer}
footer.site{color:var(--muted);font-size:.95rem;padding-bottom:2rem}
footer.site nav{display:flex;flex-wrap:wrap;gap:.2rem 1rem}
footer.site br{display:none}
.intro{background:#fff6ec;border:1px solid #f3d3b3;border-radius:12px;padding:.8rem 1.1rem;margin:0 0 1rem}
.intro h2{font-size:1.1rem;margin:0 0 .3rem}
@media (max-width:600px){main{margin:0;border-radius:0;box-shadow:none;padding:1rem}header.site .bar,footer.site{padding:.5rem 1rem}body{font-size:15px}}
`;
