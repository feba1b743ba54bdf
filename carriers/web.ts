import type { Carrier, DeviceProfile, InputMode, MailFacts, RequestFacts } from './carrier.js';
import { DOCTYPES, isCrawler } from './carrier.js';

const INPUTMODE: Record<InputMode, Record<string, string>> = {
  hiragana: {},
  hankakukana: {},
  alphabet: { autocapitalize: 'off', autocorrect: 'off' },
  numeric: { inputmode: 'numeric' },
};

function webProfile(carrier: 'smartphone' | 'pc', req: RequestFacts, screenWidth: number): DeviceProfile {
  return {
    carrier,
    model: null,
    markup: 'html5',
    charset: 'UTF-8',
    contentType: 'text/html',
    cookies: true,
    maxPageBytes: 1024 * 1024,
    screenWidth,
    flashLite: null,
    emojiForm: 'unicode',
    crawler: isCrawler(req.userAgent),
    absoluteRedirects: false,
    doctype: DOCTYPES.html5,
  };
}

/** Any address that is not handset mail: UTF-8 with Unicode emoji, the largest deco-mail. */
const PC_MAIL: MailFacts = {
  charset: 'UTF-8',
  emojiForm: 'unicode',
  decoLayout: 'related',
  decoLimits: { textAndHtml: 100_000, images: 20, imageBytes: 300_000 },
  domains: null,
};

const SMARTPHONE = /\b(iPhone|iPod|Android.+Mobile|Windows Phone|BlackBerry|BB10)\b/;

export const smartphone: Carrier = {
  id: 'smartphone',
  label: 'スマートフォン',
  easyLogin: false,
  matches: (ua) => SMARTPHONE.test(ua),
  profile(req) {
    const p = webProfile('smartphone', req, 320);
    return { ...p, model: /iPhone|iPod/.exec(req.userAgent)?.[0] ?? (/Android/.test(req.userAgent) ? 'Android' : null) };
  },
  subscriberId: () => null,
  subscriberIdParams: () => ({}),
  inputModeAttributes: (mode) => INPUTMODE[mode],
  mail: PC_MAIL,
};

/** Anything unrecognised is served as a PC browser. */
export const pc: Carrier = {
  id: 'pc',
  label: 'PC',
  easyLogin: false,
  matches: () => true,
  profile: (req) => webProfile('pc', req, 960),
  subscriberId: () => null,
  subscriberIdParams: () => ({}),
  inputModeAttributes: (mode) => INPUTMODE[mode],
  mail: PC_MAIL,
};
