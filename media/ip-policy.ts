import { isIP } from 'node:net';

/**
 * Which addresses a member-supplied URL may reach. Every textual form is first turned into its
 * bytes (IPv4 4, IPv6 16), so spellings cannot slip past: IPv4-mapped/compatible IPv6
 * (`::ffff:127.0.0.1`, `::ffff:7f00:1`, zero-padded long forms), and IPv6 prefixes that carry an
 * IPv4 address inside (NAT64, 6to4) are judged by the IPv4 address they carry. IPv6 is an
 * allow-list (global unicast 2000::/3 minus special blocks), because a deny-list of IPv6 misses
 * whatever the next RFC assigns.
 */

type Range = readonly [bytes: readonly number[], bits: number];

const v4 = (cidr: string): Range => {
  const [a, b] = cidr.split('/') as [string, string];
  return [a.split('.').map(Number), Number(b)];
};

// Not globally reachable unicast (RFC 6890 and successors).
const V4_DENY: Range[] = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.0.2.0/24', '192.31.196.0/24', '192.52.193.0/24', '192.88.99.0/24', '192.168.0.0/16', '192.175.48.0/24',
  '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
].map(v4);

function inRange(bytes: readonly number[], [net, bits]: Range): boolean {
  for (let i = 0; i < net.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== (net[i]! & mask)) return false;
  }
  return true;
}

/** Dotted-quad only (what resolvers return; URL parsing already canonicalised 0x7f.1 and 2130706433). */
function parseV4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.map(Number);
}

/** Any valid IPv6 text (compressed, zero-padded, dotted tail, zone id) → 16 bytes. */
function parseV6(s: string): number[] | null {
  let text = s.replace(/%.*$/, '');
  if (isIP(text) !== 6) return null;
  // A dotted IPv4 tail becomes its two hex groups, so one parser handles every spelling.
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const q = parseV4(dotted[2]!);
    if (!q) return null;
    text = `${dotted[1]}${((q[0]! << 8) | q[1]!).toString(16)}:${((q[2]! << 8) | q[3]!).toString(16)}`;
  }
  const [left, right] = text.includes('::') ? (text.split('::') as [string, string]) : [text, null];
  const l = left ? left.split(':') : [];
  const r = right ? right.split(':') : [];
  const groups = right === null ? l : [...l, ...Array<string>(8 - l.length - r.length).fill('0'), ...r];
  if (groups.length !== 8) return null;
  return groups.flatMap((g) => {
    const n = Number.parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

const v4Allowed = (b: readonly number[]) => !V4_DENY.some((r) => inRange(b, r));
const starts = (b: readonly number[], prefix: readonly number[]) => prefix.every((x, i) => b[i] === x);
const zero = (b: readonly number[], from: number, to: number) => b.slice(from, to).every((x) => x === 0);

function v6Allowed(b: readonly number[]): boolean {
  // ::/96 (unspecified, loopback, IPv4-compatible): never a real host here.
  if (zero(b, 0, 12)) return false;
  // ::ffff:0:0/96 IPv4-mapped and ::ffff:0:0:0/96 SIIT: the IPv4 address decides.
  if (zero(b, 0, 10) && b[10] === 0xff && b[11] === 0xff) return v4Allowed(b.slice(12));
  if (zero(b, 0, 8) && b[8] === 0xff && b[9] === 0xff && zero(b, 10, 12)) return v4Allowed(b.slice(12));
  // 64:ff9b::/96 well-known NAT64 prefix: judged by the embedded IPv4 address.
  if (starts(b, [0x00, 0x64, 0xff, 0x9b]) && zero(b, 4, 12)) return v4Allowed(b.slice(12));
  // 6to4 2002::/16 carries an IPv4 address in bytes 2–5.
  if (starts(b, [0x20, 0x02])) return v4Allowed(b.slice(2, 6));
  // Only global unicast 2000::/3 beyond this point (drops 64:ff9b:1::/48 local NAT64, 100::/64
  // discard, fc00::/7 unique-local, fe80::/10 link-local, fec0::/10 site-local, ff00::/8 multicast).
  if ((b[0]! & 0xe0) !== 0x20) return false;
  // 2001::/23 IETF protocol assignments (Teredo 2001::/32, benchmarking, ORCHID…), documentation.
  if (b[0] === 0x20 && b[1] === 0x01 && b[2]! < 0x02) return false;
  if (starts(b, [0x20, 0x01, 0x0d, 0xb8])) return false;
  if (b[0] === 0x3f && b[1] === 0xff && (b[2]! & 0xf0) === 0) return false; // 3fff::/20 documentation
  return true;
}

/** True only for a literal IP address a feed may be fetched from (public unicast). */
export function isPublicAddress(address: string): boolean {
  const four = parseV4(address);
  if (four) return v4Allowed(four);
  const six = parseV6(address);
  return six !== null && v6Allowed(six);
}
