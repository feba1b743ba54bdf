/**
 * The one seam between the rest of Ashiato and the mobile carriers. Code outside carriers/
 * asks these capability flags and never compares carrier names.
 */

export type CarrierId = 'docomo' | 'au' | 'softbank' | 'willcom' | 'smartphone' | 'pc';
export type Markup = 'chtml' | 'xhtml-mp' | 'html5';
export type Charset = 'Shift_JIS' | 'UTF-8';

/** How carrier pictograms travel to and from this handset (see emoji/). */
export type EmojiForm =
  | 'docomo-sjis' // Shift_JIS F89F–F9FC (docomo, Willcom)
  | 'au-sjis' // Shift_JIS F340–F7FC, table-driven
  | 'softbank-utf8' // UTF-8 private use E001–E53E
  | 'softbank-webcode' // ESC $ G ! SI escapes inside Shift_JIS pages (older SoftBank)
  | 'unicode'; // standard Unicode emoji (PC, smartphone)

/** Charsets handset mail travels in (ISO-2022-JP: JIS X 0208 in 7 bits, au's handset mail). */
export type MailCharset = 'Shift_JIS' | 'ISO-2022-JP' | 'UTF-8';

/** Sizes a carrier's mailer accepts in a deco-mail: text + HTML bytes, inline images and their bytes. */
export interface DecoLimits {
  textAndHtml: number;
  images: number;
  imageBytes: number;
}

/**
 * What mail to this carrier's phones looks like (keitai-facts §6). mail/ and the emulator ask
 * these instead of the carrier's name.
 */
export interface MailFacts {
  /** The charset its phones read mail in; it is also the one that carries their pictograms. */
  charset: MailCharset;
  /**
   * Pictogram codes in its mail: this form's (in ISO-2022-JP, the form's pictogram family's
   * mail JIS codes).
   */
  emojiForm: EmojiForm;
  /**
   * Deco-mail MIME layout: `related` is multipart/mixed → multipart/related →
   * [multipart/alternative + inline images]; `beside` puts the images beside the alternative
   * part, directly in multipart/mixed.
   */
  decoLayout: 'related' | 'beside';
  decoLimits: DecoLimits;
  /** The domains of its handset mail (predecessors included); null: not handset mail (PC mail). */
  domains: RegExp | null;
}

/** Logical input modes; each carrier spells them differently in markup. */
export type InputMode = 'hiragana' | 'hankakukana' | 'alphabet' | 'numeric';

/** What the gateway knows about one handset, derived from its request. */
export interface DeviceProfile {
  carrier: CarrierId;
  model: string | null;
  markup: Markup;
  charset: Charset;
  /** MIME type of pages for this handset (charset parameter is added by the gateway). */
  contentType: string;
  cookies: boolean;
  /** Largest page the handset accepts, in encoded bytes of markup. */
  maxPageBytes: number;
  screenWidth: number;
  flashLite: string | null;
  emojiForm: EmojiForm;
  /** Search-engine crawlers posing as handsets: served as guests, never asked for IDs. */
  crawler: boolean;
  /** Redirects must carry an absolute Location (i-mode). */
  absoluteRedirects: boolean;
  /** The document prologue this browser expects (XML declaration and/or DOCTYPE). */
  doctype: string;
}

/** A subscriber ID a carrier gateway attached to the request. */
export interface SubscriberId {
  carrier: CarrierId;
  value: string;
}

export interface RequestFacts {
  userAgent: string;
  /** Lower-cased header lookup. */
  header(name: string): string | undefined;
  /** The request URL's query string (without '?'), used for docomo's guid=ON rule. */
  query: string;
}

export interface Carrier {
  id: CarrierId;
  /** Display name for members and QA (Japanese product name). */
  label: string;
  /** True when this adapter recognises the User-Agent. */
  matches(userAgent: string): boolean;
  profile(req: RequestFacts): DeviceProfile;
  /** Whether this carrier offers "easy access" login by subscriber ID at all. */
  easyLogin: boolean;
  /**
   * The subscriber ID the carrier gateway attached, or null if absent or malformed.
   * Never trusted on its own: the caller must also verify the gateway address.
   */
  subscriberId(req: RequestFacts): string | null;
  /** Query parameters a link or form needs so the gateway sends the subscriber ID (docomo guid=ON). */
  subscriberIdParams(): Record<string, string>;
  /** Markup attributes selecting an input mode on this carrier's browsers. */
  inputModeAttributes(mode: InputMode): Record<string, string>;
  /** Mail to this carrier's phones: charset, pictograms, deco-mail layout and limits, domains. */
  mail: MailFacts;
}

/** Helpers shared by adapters. */
export function pixelsFromHeader(value: string | undefined, separator: RegExp): number | null {
  if (!value) return null;
  const w = Number.parseInt(value.split(separator)[0] ?? '', 10);
  return Number.isFinite(w) && w >= 64 && w <= 2048 ? w : null;
}

const CRAWLER = /(Googlebot|Y!J|bingbot|msnbot|Slurp|moba-crawler|LD_mobile_bot|symphonybot|froute|Hatena|crawler|spider|bot\/|\bbot\b)/i;
export function isCrawler(userAgent: string): boolean {
  return CRAWLER.test(userAgent);
}

/** Document prologues by markup flavour. */
export const DOCTYPES = {
  chtml: '<!DOCTYPE HTML PUBLIC "-//W3C//DTD Compact HTML 1.0 Draft//EN">',
  xhtmlMp: (charset: Charset) =>
    `<?xml version="1.0" encoding="${charset}"?>\n<!DOCTYPE html PUBLIC "-//WAPFORUM//DTD XHTML Mobile 1.0//EN" "http://www.wapforum.org/DTD/xhtml-mobile10.dtd">`,
  openwave: '<?xml version="1.0" encoding="Shift_JIS"?>\n<!DOCTYPE html PUBLIC "-//OPENWAVE//DTD XHTML 1.0//EN" "http://www.openwave.com/DTD/xhtml-basic.dtd">',
  jphone: '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//J-PHONE//DTD XHTML Basic 1.0 Plus//EN" "xhtml-basic10-plus.dtd">',
  html5: '<!DOCTYPE html>',
} as const;
