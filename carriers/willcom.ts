import type { Carrier, DeviceProfile, InputMode, RequestFacts } from './carrier.js';
import { DOCTYPES, isCrawler } from './carrier.js';
import { docomo } from './docomo.js';

const ISTYLE: Record<InputMode, string> = { hiragana: '1', hankakukana: '2', alphabet: '3', numeric: '4' };

/** `Mozilla/3.0(WILLCOM;KYOCERA/WX320K/2;...) Opera 7.0` or `Mozilla/3.0(DDIPOCKET;JRC/AH-J3001V,AH-J3002V/1.0/0100/c50)CNF/2.0`. */
export function parseWillcomUa(ua: string): { model: string | null; opera: boolean; cacheKb: number | null } {
  const m = /\((?:WILLCOM|DDIPOCKET);[^/;)]+\/([^/;)]+)/.exec(ua);
  const cache = /\/c(\d+)\)/.exec(ua);
  return { model: m?.[1] ?? null, opera: /Opera/.test(ua), cacheKb: cache ? Number(cache[1]) : null };
}

export const willcom: Carrier = {
  id: 'willcom',
  label: 'WILLCOM',
  // Willcom's gateway ranges are shared with PC data cards, so an ID there proves nothing.
  easyLogin: false,
  matches: (ua) => /\((WILLCOM|DDIPOCKET);/.test(ua),
  profile(req: RequestFacts): DeviceProfile {
    const p = parseWillcomUa(req.userAgent);
    return {
      carrier: 'willcom',
      model: p.model,
      markup: p.opera ? 'xhtml-mp' : 'chtml',
      charset: 'Shift_JIS',
      contentType: p.opera ? 'application/xhtml+xml' : 'text/html',
      cookies: true,
      maxPageBytes: p.cacheKb ? p.cacheKb * 1024 : 100 * 1024,
      screenWidth: 240,
      flashLite: null,
      emojiForm: 'docomo-sjis',
      crawler: isCrawler(req.userAgent),
      absoluteRedirects: false,
      doctype: p.opera ? DOCTYPES.xhtmlMp('Shift_JIS') : DOCTYPES.chtml,
    };
  },
  subscriberId: () => null,
  subscriberIdParams: () => ({}),
  inputModeAttributes: (mode) => ({ istyle: ISTYLE[mode] }),
  // Willcom phones read docomo-style pictogram mail (Shift_JIS, docomo codes, docomo's deco-mail).
  mail: { ...docomo.mail, domains: /^(?:willcom\.com|pdx\.ne\.jp|[a-z]{2}\.pdx\.ne\.jp|wm\.pdx\.ne\.jp)$/ },
};
