import type { Carrier, DeviceProfile, RequestFacts } from './carrier.js';
import { DOCTYPES, isCrawler, pixelsFromHeader } from './carrier.js';

interface Parsed {
  model: string | null;
  /** 3G (SoftBank, Vodafone 3G, J-PHONE/5) pages are UTF-8; 2G J-PHONE pages are Shift_JIS. */
  threeG: boolean;
  maxPageBytes: number;
}

/** `SoftBank/1.0/910T/...`, `Vodafone/1.0/V903T/...`, `J-PHONE/4.0/J-P51/...`, `MOT-V980/...`. */
export function parseSoftbankUa(ua: string): Parsed {
  const m = /^(SoftBank|Semulator|Vodafone|Vemulator|J-PHONE|J-EMULATOR)\/(\d+)\.\d+\/([^/\s]+)/.exec(ua);
  if (!m) {
    const mot = /^MOT-([A-Z0-9]+)/.exec(ua);
    return { model: mot?.[1] ?? null, threeG: true, maxPageBytes: 300 * 1024 };
  }
  const family = m[1] ?? '';
  const version = Number(m[2]);
  if (family.startsWith('J-')) {
    // J-PHONE/2.x C-type < 6 KB, 3.x P-type 12 KB, 4.x W-type, 5.x 3GC.
    if (version >= 5) return { model: m[3] ?? null, threeG: true, maxPageBytes: 300 * 1024 };
    const limit = version >= 4 ? 200 * 1024 : version >= 3 ? 12 * 1024 : 6 * 1024 - 256;
    return { model: m[3] ?? null, threeG: false, maxPageBytes: limit };
  }
  return { model: m[3] ?? null, threeG: true, maxPageBytes: 300 * 1024 };
}

/** SoftBank handset mail, J-PHONE and Vodafone addresses included (they still reach SoftBank phones). */
const MAIL_DOMAINS = /^(?:softbank\.ne\.jp|i\.softbank\.jp|disney\.ne\.jp|[dhtcrknsq]\.vodafone\.ne\.jp|jp-[dhtcrknsq]\.ne\.jp)$/;

export const softbank: Carrier = {
  id: 'softbank',
  label: 'SoftBank Yahoo!ケータイ',
  easyLogin: true,
  matches: (ua) => /^(SoftBank|Semulator|Vodafone|Vemulator|J-PHONE|J-EMULATOR|MOT-)/.test(ua),
  profile(req: RequestFacts): DeviceProfile {
    const p = parseSoftbankUa(req.userAgent);
    const model = req.header('x-jphone-msname')?.trim() || p.model;
    return {
      carrier: 'softbank',
      model,
      markup: p.threeG ? 'xhtml-mp' : 'chtml',
      charset: p.threeG ? 'UTF-8' : 'Shift_JIS',
      contentType: p.threeG ? 'application/xhtml+xml' : 'text/html',
      cookies: p.threeG,
      maxPageBytes: p.maxPageBytes,
      screenWidth: pixelsFromHeader(req.header('x-jphone-display'), /\*/) ?? (p.threeG ? 240 : 120),
      flashLite: p.threeG ? '2.0' : null,
      emojiForm: p.threeG ? 'softbank-utf8' : 'softbank-webcode',
      crawler: isCrawler(req.userAgent),
      absoluteRedirects: false,
      doctype: p.threeG ? DOCTYPES.jphone : DOCTYPES.chtml,
    };
  },
  subscriberId(req) {
    const v = req.header('x-jphone-uid')?.trim();
    return v && /^[A-Za-z][A-Za-z0-9]{15}$/.test(v) ? v : null;
  },
  subscriberIdParams: () => ({}),
  inputModeAttributes: (mode) => ({ mode }),
  // S!mail: UTF-8 with SoftBank's pictogram codes; deco-mail images in a related part.
  mail: { charset: 'UTF-8', emojiForm: 'softbank-utf8', decoLayout: 'related', decoLimits: { textAndHtml: 30_000, images: 20, imageBytes: 270_000 }, domains: MAIL_DOMAINS },
};
