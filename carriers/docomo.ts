import type { Carrier, DeviceProfile, InputMode, RequestFacts } from './carrier.js';
import { DOCTYPES, isCrawler } from './carrier.js';

const ISTYLE: Record<InputMode, string> = { hiragana: '1', hankakukana: '2', alphabet: '3', numeric: '4' };

/** i-mode sends this in place of an ID when the member declined to send it. */
const DECLINED = 'NULLGWDOCOMO';

interface Parsed {
  model: string | null;
  cacheKb: number;
  widthChars: number | null;
  foma: boolean;
}

/** Parses both UA families: mova `DoCoMo/1.0/MODEL/c20/TB/W20H10` and FOMA `DoCoMo/2.0 MODEL(c100;TB;W24H16)`. */
export function parseDocomoUa(ua: string): Parsed {
  const mova = /^DoCoMo\/1\.0\/([^/\s]+)((?:\/[^/\s]+)*)/.exec(ua);
  if (mova) {
    const rest = mova[2] ?? '';
    const cache = /\/c(\d+)/.exec(rest);
    const w = /\/W(\d+)H\d+/.exec(rest);
    return { model: mova[1] ?? null, cacheKb: cache ? Number(cache[1]) : 5, widthChars: w ? Number(w[1]) : null, foma: false };
  }
  const foma = /^DoCoMo\/[23]\.0[ /]([^(\s/]+)(?:\(([^)]*)\))?/.exec(ua);
  const params = (foma?.[2] ?? '').split(';');
  const cache = params.map((p) => /^c(\d+)$/.exec(p.trim())).find(Boolean);
  const w = params.map((p) => /^W(\d+)H\d+$/.exec(p.trim())).find(Boolean);
  return {
    model: foma?.[1] ?? null,
    cacheKb: cache ? Number(cache[1]) : 100,
    widthChars: w ? Number(w[1]) : null,
    foma: true,
  };
}

/** Flash Lite by handset era: 505i/506i FL1.0; FOMA to 904i FL1.1; 905i FL3.0; 906i and the 2008 "A" series FL3.1. */
export function docomoFlashLite(p: Parsed): string | null {
  const m = p.model ?? '';
  if (!p.foma) return /50[56]i/.test(m) ? '1.0' : null;
  if (p.cacheKb >= 500 || /^[A-Z]{1,2}-?\d{2}[A-Z]/.test(m) || /\d{2}[A-Z]$/.test(m)) return '3.1';
  const series = /(\d{3})i/.exec(m);
  if (series) {
    const n = Number(series[1]);
    if (n >= 906 || (n >= 706 && n < 900)) return '3.1';
    if (n === 905 || n === 705) return '3.0';
    return '1.1';
  }
  return '1.1';
}

function pageLimit(p: Parsed): number {
  // The cache size bounds the whole page; FOMA before browser 2.0 also caps markup at 30 KB.
  const bytes = p.cacheKb * 1024;
  if (p.cacheKb >= 500) return 100 * 1024;
  return p.foma ? Math.min(bytes, 30 * 1024) : bytes;
}

function screenWidth(p: Parsed): number {
  if (p.foma) return 240;
  if (p.cacheKb >= 20) return 240;
  return p.cacheKb >= 10 ? 132 : 96;
}

export const docomo: Carrier = {
  id: 'docomo',
  label: 'NTTドコモ i-mode',
  easyLogin: true,
  matches: (ua) => ua.startsWith('DoCoMo/'),
  profile(req: RequestFacts): DeviceProfile {
    const p = parseDocomoUa(req.userAgent);
    return {
      carrier: 'docomo',
      model: p.model,
      markup: 'chtml',
      charset: 'Shift_JIS',
      contentType: 'text/html',
      // i-mode browser 2.0 (c500) is the first to keep cookies.
      cookies: p.cacheKb >= 500,
      maxPageBytes: pageLimit(p),
      screenWidth: screenWidth(p),
      flashLite: docomoFlashLite(p),
      emojiForm: 'docomo-sjis',
      crawler: isCrawler(req.userAgent),
      absoluteRedirects: true,
      doctype: DOCTYPES.chtml,
    };
  },
  subscriberId(req) {
    // The gateway sends the i-mode ID only on URLs with guid=ON; anything else is not from it.
    if (!/(?:^|&)guid=on(?:&|$)/i.test(req.query)) return null;
    const v = req.header('x-dcmguid')?.trim();
    if (!v || v === DECLINED || !/^[0-9A-Za-z]{7}$/.test(v)) return null;
    return v;
  },
  subscriberIdParams: () => ({ guid: 'ON' }),
  inputModeAttributes: (mode) => ({ istyle: ISTYLE[mode] }),
  // i-mode mail: Shift_JIS with docomo's pictogram codes; deco-mail images in a related part.
  mail: { charset: 'Shift_JIS', emojiForm: 'docomo-sjis', decoLayout: 'related', decoLimits: { textAndHtml: 10_000, images: 20, imageBytes: 90_000 }, domains: /^docomo\.ne\.jp$/ },
};
