import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CarrierId } from './carrier.js';

export type RangeFile = Partial<Record<CarrierId, string[]>> & { _source?: string };

/** Turns `::ffff:1.2.3.4` into `1.2.3.4` so one address has one spelling. */
export function normalizeIp(address: string): string {
  const a = address.trim().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return mapped ? (mapped[1] as string) : a.toLowerCase();
}

export class AddressSet {
  private readonly list = new BlockList();
  constructor(cidrs: readonly string[], what = 'address') {
    for (const entry of cidrs) {
      const [addr, bitsText] = entry.trim().split('/');
      const ip = normalizeIp(addr ?? '');
      const family = isIPv4(ip) ? 'ipv4' : isIPv6(ip) ? 'ipv6' : null;
      if (!family) throw new Error(`${what}: '${entry}' is not an address or CIDR range`);
      const max = family === 'ipv4' ? 32 : 128;
      const bits = bitsText === undefined ? max : Number(bitsText);
      if (!Number.isInteger(bits) || bits < 0 || bits > max) throw new Error(`${what}: '${entry}' has a bad prefix length`);
      this.list.addSubnet(ip, bits, family);
    }
  }
  has(address: string): boolean {
    const ip = normalizeIp(address);
    if (isIPv4(ip)) return this.list.check(ip, 'ipv4');
    if (isIPv6(ip)) return this.list.check(ip, 'ipv6');
    return false;
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
