import type { Carrier, CarrierId, DeviceProfile, RequestFacts } from './carrier.js';
import type { CarrierRanges } from './ip-ranges.js';
import { docomo } from './docomo.js';
import { au } from './au.js';
import { softbank } from './softbank.js';
import { willcom } from './willcom.js';
import { pc, smartphone } from './web.js';

export type { Carrier, CarrierId, DeviceProfile, RequestFacts, InputMode, Markup, Charset, EmojiForm, MailCharset, MailFacts, DecoLimits } from './carrier.js';
export { AddressSet, CarrierRanges, loadCarrierRanges, normalizeIp, SHIPPED_RANGES_PATH } from './ip-ranges.js';

/** Most specific first; `pc` matches anything. */
export const CARRIERS: readonly Carrier[] = [docomo, au, softbank, willcom, smartphone, pc];

export function carrierById(id: CarrierId): Carrier {
  const c = CARRIERS.find((x) => x.id === id);
  if (!c) throw new Error(`unknown carrier ${id}`);
  return c;
}

export interface Detection {
  carrier: Carrier;
  profile: DeviceProfile;
  /** The request came from this carrier's gateway (address) with this carrier's UA. */
  carrierIpVerified: boolean;
  /** A subscriber ID believed only because carrierIpVerified; null otherwise. */
  subscriberId: string | null;
  /** What the carrier headers claimed, verified or not (for refusal messages and QA). */
  claimedSubscriberId: string | null;
}

/** Profiles by UA and the headers that shape them; a busy gateway sees the same few hundred models all day. */
const profileCache = new Map<string, { carrier: Carrier; profile: DeviceProfile }>();
const PROFILE_HEADERS = ['x-up-devcap-screenpixels', 'x-up-devcap-max-pdu', 'x-jphone-display', 'x-jphone-msname'];

function recognise(req: RequestFacts): { carrier: Carrier; profile: DeviceProfile } {
  let key = req.userAgent;
  for (const h of PROFILE_HEADERS) {
    const v = req.header(h);
    if (v !== undefined) key += `\n${h}:${v}`;
  }
  let hit = profileCache.get(key);
  if (!hit) {
    const carrier = CARRIERS.find((c) => c.matches(req.userAgent)) ?? pc;
    hit = { carrier, profile: Object.freeze(carrier.profile(req)) };
    if (profileCache.size >= 5000) profileCache.delete(profileCache.keys().next().value as string);
    profileCache.set(key, hit);
  }
  return hit;
}

/**
 * Real handsets send User-Agents under 256 characters and short carrier headers. Everything the
 * adapters parse is cut to that before any pattern sees it, so no crafted header can make
 * recognition slow (or fill the profile cache with huge keys).
 */
const MAX_FACT_CHARS = 512;
function cut(v: string | undefined): string | undefined {
  return v !== undefined && v.length > MAX_FACT_CHARS ? v.slice(0, MAX_FACT_CHARS) : v;
}

/** The request's facts, each cut as above when read (a class: one is made per request). */
class BoundedFacts implements RequestFacts {
  readonly userAgent: string;
  readonly query: string;
  constructor(private readonly given: RequestFacts) {
    this.userAgent = cut(given.userAgent)!;
    this.query = given.query.length > 2048 ? given.query.slice(0, 2048) : given.query;
  }
  header(name: string): string | undefined {
    return cut(this.given.header(name));
  }
}

/** Recognises the handset and decides whether its carrier headers can be believed. */
export function detectDevice(given: RequestFacts, clientIp: string, ranges: CarrierRanges): Detection {
  const req = new BoundedFacts(given);
  const { carrier, profile } = recognise(req);
  const carrierIpVerified = ranges.contains(carrier.id, clientIp);
  const claimed = carrier.subscriberId(req);
  const believed = carrierIpVerified && carrier.easyLogin && !profile.crawler ? claimed : null;
  return { carrier, profile, carrierIpVerified, subscriberId: believed, claimedSubscriberId: claimed };
}

export { carrierOfMail, mailCarrierOf } from './mail-domains.js';
export { HANDSETS, handsetById, type HandsetSpec } from './handsets.js';
