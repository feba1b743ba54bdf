import type { DeviceProfile, HandsetSpec } from '../../carriers/index.js';
import { escapeHtml as esc } from '../../templates/escape.js';
import type { Finding } from './inspect.js';
import type { Exchange } from './proxy.js';
import type { ShownPictogram } from './pictograms.js';

export interface EmulatorView {
  handsets: readonly HandsetSpec[];
  spec: HandsetSpec;
  profile: DeviceProfile;
  path: string;
  subscriberId: string;
  viaGateway: boolean;
  exchanges: Exchange[];
  screenHtml: string;
  findings: Finding[];
  /** Pictograms on the page, with the code this handset received for each. */
  pictograms: ShownPictogram[];
  /** This carrier's own pictograms, to type (empty for Unicode handsets: the PC's keyboard types those). */
  palette: ShownPictogram[];
  /** The page as received: decoded for reading, its size, and where to save its exact bytes. */
  source: { text: string; bytes: number; charset: string; href: string };
  viewHref(path: string): string;
  /** The top page, keeping a URL session (the トップ button). */
  topHref: string;
  /** The sandbox carrier's QA console, when billing runs against the sandbox. */
  billingConsole: string | null;
}

const STYLE = `body{font-family:sans-serif;margin:0;display:flex;gap:16px;padding:12px;background:#eee}
#phone{background:#333;border-radius:24px;padding:24px 14px;flex:none}
#screen{background:#fff;border:0;display:block}
.keys{display:grid;grid-template-columns:repeat(3,1fr);gap:6px;margin-top:10px}
.keys button{padding:8px;border-radius:10px;border:0;background:#ccc;font-size:16px}
.pal{display:flex;flex-wrap:wrap;gap:2px;max-height:220px;overflow:auto}.pal button{font-size:18px;min-width:32px;padding:2px}.hint{font-size:12px;color:#555}
#side{flex:1;min-width:0}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #bbb;padding:2px 6px;text-align:left;vertical-align:top}
.error{color:#b00;font-weight:bold}.warn{color:#a60}.info{color:#333}
pre{white-space:pre-wrap;word-break:break-all;font-size:12px;background:#fff;padding:6px}
form.bar{margin-bottom:8px}`;

const KEYPAD = `const screen=document.getElementById('screen');
function press(k){const d=screen.contentDocument;if(!d)return;
const fl=d.querySelector('ruffle-object,ruffle-embed,ruffle-player');
if(fl){fl.focus();for(const t of['keydown','keyup'])fl.dispatchEvent(new KeyboardEvent(t,{key:k,code:/[0-9]/.test(k)?'Digit'+k:k,keyCode:k.charCodeAt(0),bubbles:true,composed:true}));return;}
const a=d.querySelector('a[accesskey="'+k+'"]');if(a)a.click();}
document.querySelectorAll('[data-key]').forEach(b=>b.addEventListener('click',()=>press(b.dataset.key)));
function onKey(e){if(!e.isTrusted)return;const t=e.target;if(t&&/INPUT|TEXTAREA|SELECT/.test(t.tagName))return;if(/^[0-9*#]$/.test(e.key))press(e.key);}
document.addEventListener('keydown',onKey);
const hs=document.querySelector('select[name=h]');hs.addEventListener('change',()=>{const o=hs.selectedOptions[0];const prev=document.querySelector('option[value="'+document.querySelector('input[name=ph]').value+'"]');if(!prev||prev.dataset.id!==o.dataset.id)document.querySelector('input[name=id]').value=o.dataset.id;});
let field=null;
const codes=document.getElementById('show-codes');codes.checked=localStorage.getItem('emuCodes')==='1';
function showCodes(){const d=screen.contentDocument;if(d&&d.body)d.body.classList.toggle('emu-codes',codes.checked);localStorage.setItem('emuCodes',codes.checked?'1':'0');}
codes.addEventListener('change',showCodes);
screen.addEventListener('load',()=>{const d=screen.contentDocument;if(!d)return;d.addEventListener('keydown',onKey);d.addEventListener('focusin',e=>{if(/INPUT|TEXTAREA/.test(e.target.tagName))field=e.target;});showCodes();});
document.querySelectorAll('button.pict').forEach(b=>b.addEventListener('click',()=>{const f=field||(screen.contentDocument&&screen.contentDocument.querySelector('textarea,input[type=text],input:not([type])'));if(!f)return;f.focus();f.setRangeText(b.dataset.type,f.selectionStart??f.value.length,f.selectionEnd??f.value.length,'end');}));`;

/** The QA page: the handset's screen at its width, its keypad, and what the gateway sent. */
export function emulatorPage(v: EmulatorView): string {
  const last = v.exchanges[v.exchanges.length - 1]!;
  const options = v.handsets.map((h) => `<option value="${esc(h.id)}" data-id="${esc(h.subscriber?.demo ?? '')}"${h.id === v.spec.id ? ' selected' : ''}>${esc(h.label)}</option>`).join('');
  const chain = v.exchanges.map((x) => `<tr><td>${esc(x.method)}</td><td>${esc(x.path)}</td><td>${x.status}</td><td>${x.bytes.length} B</td></tr>`).join('');
  const headers = (list: [string, string][]) => list.map(([k, val]) => `<tr><th>${esc(k)}</th><td>${esc(val)}</td></tr>`).join('');
  const findings = v.findings.map((f) => `<li class="${f.level}">${esc(f.message)}</li>`).join('');
  const picts = v.pictograms.map((p) => `<li>${esc(p.glyph)} ${esc(p.name)} — <code>${esc(p.code)}</code></li>`).join('') || '<li>none</li>';
  const palette = v.palette.length
    ? `<details id="palette"><summary>絵文字パレット(${esc(v.spec.label)}、${v.palette.length}種類)</summary><p class="hint">画面の入力欄を選んでから押すと、この機種のコードで入力されます。</p><div class="pal">${v.palette.map((p) => `<button type="button" class="pict" data-type="${esc(p.typed ?? p.stored)}" title="${esc(`${p.name} — ${p.code}`)}">${esc(p.glyph)}</button>`).join('')}</div></details>`
    : '<p id="palette">この端末はUnicodeの絵文字をそのまま使います(PCのキーボードで入力できます)。</p>';
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'].map((k) => `<button type="button" data-key="${k}">${k}</button>`).join('');
  return `<!DOCTYPE html><html lang="ja"><head><meta charset="UTF-8"><title>Ashiato handset emulator</title><style>${STYLE}</style></head><body>
<div id="phone">
<iframe id="screen" title="handset screen" style="width:${v.profile.screenWidth}px;height:${Math.round(v.profile.screenWidth * 1.3)}px" srcdoc="${esc(v.screenHtml)}"></iframe>
<div class="keys">${keys}</div>
<div class="keys"><button type="button" onclick="history.back()">戻る</button><a id="top" href="${esc(v.topHref)}"><button type="button">トップ</button></a><a href="/emulator/outbox"><button type="button">メール</button></a><a href="/emulator/mail"><button type="button">メール送信</button></a>${v.billingConsole ? `<a href="${esc(v.billingConsole)}" target="_blank"><button type="button">課金</button></a>` : ''}</div>
</div>
<div id="side">
<form class="bar" method="get" action="/emulator/view">
<input type="hidden" name="ph" value="${esc(v.spec.id)}">
<select name="h">${options}</select>
<input name="u" value="${esc(v.path)}" size="28" aria-label="path">
<label>ID <input name="id" value="${esc(v.subscriberId)}" size="24"></label>
<input type="hidden" name="gw" value="0"><label><input type="checkbox" name="gw" value="1"${v.viaGateway ? ' checked' : ''}> from carrier gateway</label>
<button>開く</button></form>
<h3>${esc(v.spec.label)} — ${esc(v.profile.markup)}, ${esc(v.profile.charset)}, cookies ${v.profile.cookies ? 'yes' : 'no'}, limit ${v.profile.maxPageBytes} B, ${v.profile.screenWidth}px, Flash Lite ${esc(v.profile.flashLite ?? 'none')}</h3>
<h4>Checks</h4><ul id="findings">${findings}</ul>
<h4>この画面の絵文字(端末が受け取ったコード)</h4><label><input type="checkbox" id="show-codes"> 画面にコードを表示</label><ul id="pictograms">${picts}</ul>
${palette}
<details id="source"><summary>ソース(受信したバイト列 ${v.source.bytes} B、${esc(v.source.charset)}、読めるように変換)</summary><p><a href="${esc(v.source.href)}">受信したバイト列をそのまま保存</a></p><pre>${esc(v.source.text)}</pre></details>
<h4>Requests</h4><table id="chain">${chain}</table>
<h4>Request headers</h4><table>${headers(Object.entries(last.requestHeaders))}</table>
<h4>Response headers</h4><table>${headers(last.responseHeaders)}</table>
</div>
<script>${KEYPAD}</script></body></html>`;
}

export function outboxPage(mails: { date: string; to: string; subject: string; text: string; html: string | null; opener: string; linkify: (text: string) => string }[]): string {
  // A deco-mail shows as the phone draws it: its HTML (images inline) in a frame that runs nothing.
  const deco = (html: string) => `<iframe class="deco" sandbox="" srcdoc="${esc(html)}" style="width:240px;height:200px;border:1px solid #999;background:#fff"></iframe>`;
  const items = mails
    .map((m) => `<article><h4>${esc(m.subject)}</h4><div>to ${esc(m.to)} — ${esc(m.date)}${m.html ? ' — デコメール' : ''}</div>${m.html ? deco(m.html) : ''}<pre>${m.linkify(esc(m.text))}</pre><div class="opener">links open on: ${esc(m.opener)}</div></article>`)
    .join('');
  return `<!DOCTYPE html><html lang="ja"><head><meta charset="UTF-8"><title>Outbox — Ashiato emulator</title><style>${STYLE}</style></head><body><div id="side"><p><a href="/emulator">← emulator</a></p><h3>Mail sent by Ashiato (newest first)</h3>${items || '<p>No mail yet.</p>'}</div></body></html>`;
}
