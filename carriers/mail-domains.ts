import type { Carrier, CarrierId } from './carrier.js';
import { docomo } from './docomo.js';
import { au } from './au.js';
import { softbank } from './softbank.js';
import { willcom } from './willcom.js';
import { pc } from './web.js';

/** The adapters whose phones have their own mail domains (each adapter's `mail.domains`). */
const HANDSET_MAIL: readonly Carrier[] = [docomo, au, softbank, willcom];

/** The carrier whose phones read mail at this address; PC mail (the `pc` adapter) for any other. */
export function mailCarrierOf(address: string): Carrier {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return HANDSET_MAIL.find((c) => c.mail.domains?.test(domain)) ?? pc;
}

/** The carrier whose handset mail this address is, or null for PC mail. */
export function carrierOfMail(address: string): CarrierId | null {
  const c = mailCarrierOf(address);
  return c.mail.domains ? c.id : null;
}
