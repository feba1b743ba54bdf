import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CarrierId } from './carrier.js';

export type RangeFile = Partial<Record<CarrierId, string[]>> & { _source?: string };

/** Turns `::ffff:1.2.3.4` into `1.2.3.4` so one address has one spelling. */
export function normalizeIp(address: string): string {
  if (plainV4(address)) return address;
  const a = address.trim().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return mapped ? (mapped[1] as string) : a.toLowerCase();
}

/** Digits and dots only (what a proxy and Node give for IPv4): already in its one spelling. */
function plainV4(a: string): boolean {
  if (a.length < 7 || a.length > 15) return false;
  for (let i = 0; i < a.length; i++) {
    const ch = a.charCodeAt(i);
    if (ch !== 46 && (ch < 48 || ch > 57)) return false;
  }
  return true;
}

function ipv4ToInt(ip: string): number {
  const p = ip.split('.');
  return ((Number(p[0]) << 24) | (Number(p[1]) << 16) | (Number(p[2]) << 8) | Number(p[3])) >>> 0;
}

/**
 * A set of addresses and CIDR ranges. IPv4 (every carrier range) is checked with integer
 * masks, which is several times cheaper per request than net.BlockList; IPv6 uses BlockList.
 */
export class AddressSet {
  private readonly v4: [number, number][] = []; // [network, mask]
  private readonly v6 = new BlockList();
  private hasV6 = false;
  constructor(cidrs: readonly string[], what = 'address') {
    for (const entry of cidrs) {
      const [addr, bitsText] = entry.trim().split('/');
      const ip = normalizeIp(addr ?? '');
      const family = isIPv4(ip) ? 'ipv4' : isIPv6(ip) ? 'ipv6' : null;
      if (!family) throw new Error(`${what}: '${entry}' is not an address or CIDR range`);
      const max = family === 'ipv4' ? 32 : 128;
      const bits = bitsText === undefined ? max : Number(bitsText);
      if (!Number.isInteger(bits) || bits < 0 || bits > max) throw new Error(`${what}: '${entry}' has a bad prefix length`);
      if (family === 'ipv4') {
        const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
        this.v4.push([(ipv4ToInt(ip) & mask) >>> 0, mask]);
      } else {
        this.v6.addSubnet(ip, bits, 'ipv6');
        this.hasV6 = true;
      }
    }
  }
  /**
   * The answers for the addresses seen lately (every request asks twice or three times, for the
   * same few proxies and gateways): bounded, and emptied whole when full. Only address-sized keys
   * are kept (an X-Forwarded-For hop is the sender's text).
   */
  private readonly seen = new Map<string, boolean>();

  has(address: string): boolean {
    if (address.length > 64) return this.check(address);
    let known = this.seen.get(address);
    if (known === undefined) {
      known = this.check(address);
      if (this.seen.size >= 4096) this.seen.clear();
      this.seen.set(address, known);
    }
    return known;
  }

  private check(address: string): boolean {
    const ip = normalizeIp(address);
    if (isIPv4(ip)) {
      const n = ipv4ToInt(ip);
      for (const [net, mask] of this.v4) if (((n & mask) >>> 0) === net) return true;
      return false;
    }
    return this.hasV6 && isIPv6(ip) && this.v6.check(ip, 'ipv6');
  }
}

/** Carrier gateway ranges: the only addresses from which subscriber IDs are believed. */
export class CarrierRanges {
  private readonly sets = new Map<CarrierId, AddressSet>();
  constructor(file: RangeFile) {
    for (const [carrier, cidrs] of Object.entries(file)) {
      if (carrier.startsWith('_')) continue;
      if (!Array.isArray(cidrs)) throw new Error(`carrier ranges: '${carrier}' must be a list of CIDR strings`);
      this.sets.set(carrier as CarrierId, new AddressSet(cidrs, `carrier ranges (${carrier})`));
    }
  }
  /** True when the address is inside that carrier's published gateway ranges. */
  contains(carrier: CarrierId, address: string): boolean {
    return this.sets.get(carrier)?.has(address) ?? false;
  }
}

export const SHIPPED_RANGES_PATH = fileURLToPath(new URL('./data/carrier-ip-ranges.json', import.meta.url));

/** Loads a range file (the shipped one, or CARRIER_IP_RANGES); throws a message naming the file. */
export function loadCarrierRanges(path: string = SHIPPED_RANGES_PATH): CarrierRanges {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read carrier ranges from ${path}: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${path}: expected an object of carrier → CIDR list`);
  return new CarrierRanges(parsed as RangeFile);
}
