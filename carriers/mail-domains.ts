import type { CarrierId } from './carrier.js';

/** Mail domains of the carriers' handset mail, including predecessors (J-PHONE, Vodafone, DDI Pocket). */
const DOMAINS: [RegExp, CarrierId][] = [
  [/^docomo\.ne\.jp$/, 'docomo'],
  [/^(?:[a-z0-9-]+\.)?ezweb\.ne\.jp$/, 'au'],
  [/^(?:softbank\.ne\.jp|i\.softbank\.jp|disney\.ne\.jp|[dhtcrknsq]\.vodafone\.ne\.jp|jp-[dhtcrknsq]\.ne\.jp)$/, 'softbank'],
  [/^(?:willcom\.com|pdx\.ne\.jp|[a-z]{2}\.pdx\.ne\.jp|wm\.pdx\.ne\.jp)$/, 'willcom'],
];

/** The carrier whose handset mail this address is, or null for PC mail. */
export function carrierOfMail(address: string): CarrierId | null {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  for (const [re, carrier] of DOMAINS) if (re.test(domain)) return carrier;
  return null;
}
