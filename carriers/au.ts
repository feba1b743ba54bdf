import type { Carrier, DeviceProfile, InputMode, RequestFacts } from './carrier.js';
import { DOCTYPES, isCrawler, pixelsFromHeader } from './carrier.js';

const FORMAT: Record<InputMode, string> = { hiragana: '*M', hankakukana: '*M', alphabet: '*m', numeric: '*N' };

interface Parsed {
  deviceId: string | null;
  browser: number; // UP.Browser major.minor as a number, e.g. 6.2
  hdml: boolean;
}

/** `KDDI-CA32 UP.Browser/6.2.0.7.3.129 (GUI) MMP/2.0` (WAP 2.0) or `UP.Browser/3.04-KCTA UP.Link/3.4.5.9` (HDML). */
export function parseAuUa(ua: string): Parsed {
  const wap2 = /^KDDI-([A-Z0-9]{1,16}) UP\.Browser\/(\d{1,3}\.\d{1,6})/.exec(ua);
  if (wap2) return { deviceId: wap2[1] ?? null, browser: Number(wap2[2]), hdml: false };
  const hdml = /^UP\.Browser\/(\d{1,3}\.\d{1,6})[^-\s]{0,64}-([A-Z0-9]{1,16})/.exec(ua);
  return { deviceId: hdml?.[2] ?? null, browser: hdml ? Number(hdml[1]) : 3, hdml: true };
}

export const au: Carrier = {
  id: 'au',
  label: 'au EZweb',
  easyLogin: true,
  matches: (ua) => ua.startsWith('KDDI-') || ua.startsWith('UP.Browser/'),
  profile(req: RequestFacts): DeviceProfile {
    const p = parseAuUa(req.userAgent);
    const pdu = Number.parseInt(req.header('x-up-devcap-max-pdu') ?? '', 10);
    // Without the header, assume the era's smallest: WIN (6.2+) 100 KB, 1X 9 KB, HDML 5 KB.
    const eraLimit = p.hdml ? 5 * 1024 : p.browser >= 6.2 ? 100 * 1024 : 9000;
    const width = pixelsFromHeader(req.header('x-up-devcap-screenpixels'), /,/);
    return {
      carrier: 'au',
      model: p.deviceId,
      // HDML handsets receive plain cHTML, which the EZweb gateway converts for them.
      markup: p.hdml ? 'chtml' : 'xhtml-mp',
      charset: 'Shift_JIS',
      contentType: p.hdml ? 'text/html' : 'application/xhtml+xml',
      cookies: true,
      maxPageBytes: Number.isFinite(pdu) && pdu >= 1000 ? Math.min(pdu, 1024 * 1024) : eraLimit,
      screenWidth: width ?? (p.hdml ? 120 : 240),
      flashLite: p.hdml ? null : p.browser >= 6.2 ? '2.0' : '1.1',
      emojiForm: 'au-sjis',
      crawler: isCrawler(req.userAgent),
      absoluteRedirects: false,
      doctype: p.hdml ? DOCTYPES.chtml : DOCTYPES.openwave,
    };
  },
  subscriberId(req) {
    const v = req.header('x-up-subno')?.trim();
    return v && /^[0-9A-Za-z]{14}_[0-9a-z]{2}\.ezweb\.ne\.jp$/.test(v) ? v : null;
  },
  subscriberIdParams: () => ({}),
  inputModeAttributes: (mode) => ({ format: FORMAT[mode] }),
  // EZweb mail: ISO-2022-JP with au's own mail JIS codes for pictograms; au's mailer wants the
  // deco-mail images beside the alternative part, not in a related part.
  mail: { charset: 'ISO-2022-JP', emojiForm: 'au-sjis', decoLayout: 'beside', decoLimits: { textAndHtml: 10_000, images: 5, imageBytes: 90_000 }, domains: /^(?:[a-z0-9-]+\.)?ezweb\.ne\.jp$/ },
};
