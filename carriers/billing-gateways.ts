import type { CarrierId } from './carrier.js';
import { BILLING_CARRIERS, type BillingGateway, type BillingProtocol, type BillingWiring } from './billing.js';
import { companyGateway } from './billing-company.js';
import { docomoGateway } from './billing-docomo.js';
import { softbankGateway } from './billing-softbank.js';
import { auGateway } from './billing-au.js';

const NATIVE: Partial<Record<CarrierId, (w: BillingWiring) => BillingGateway>> = { docomo: docomoGateway, softbank: softbankGateway, au: auGateway };

/** One billing gateway per carrier that bills: its own protocol, or the payment company's with its key. */
export function billingGateways(protocols: ReadonlyMap<CarrierId, BillingProtocol>, keyOf: (c: CarrierId) => Buffer, w: BillingWiring): Map<CarrierId, BillingGateway> {
  return new Map(
    BILLING_CARRIERS.map((id) => {
      const native = NATIVE[id];
      return [id, protocols.get(id) === 'carrier' && native ? native(w) : companyGateway(id, keyOf(id), w.confirmBase)];
    }),
  );
}

/** The address the sandbox carrier calls from, inside each carrier's published ranges. */
export const SANDBOX_SOURCE: Partial<Record<CarrierId, string>> = { docomo: '210.153.84.10', au: '210.230.128.230', softbank: '123.108.237.10' };
