import { Builder, parseStringPromise, processors } from 'xml2js';

/**
 * au's collection service speaks SOAP 1.1: the merchant confirms a `tran_id` and gets a result
 * code (`00` = OK) and a reason code, with what the transaction was. Both sides of the call
 * (the adapter's request, the sandbox's answer) are built and read here with xml2js.
 */
export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const COLLECTION_NS = 'urn:ashiato:sandbox:au:collection';
export const SOAP_MAX_BYTES = 16 * 1024;
export const TRAN_ID = /^[0-9A-Za-z]{28}$/;

export interface Transaction {
  type: string;
  order?: string;
  contract?: string;
  month?: string;
  amount?: number;
  /** The course (au's service id): absent for the point course, `premium` for Premium. */
  product?: string;
  /** When au issued it, `yyyyMMddHHmmss` Japan time. */
  issuedAt?: string;
}

export interface Confirmation {
  resultCode: string;
  reasonCode: string;
  transaction: Transaction | null;
}

const builder = new Builder({ headless: false, renderOpts: { pretty: false }, xmldec: { version: '1.0', encoding: 'UTF-8' } });

function envelope(body: Record<string, unknown>): string {
  return builder.buildObject({ 'soap:Envelope': { $: { 'xmlns:soap': SOAP_NS }, 'soap:Body': body } });
}

/** `orderId`: the merchant's order the member came back for (a tran_id of another order is then refused, not used up). */
export function confirmRequest(merchantId: string, tranId: string, orderId?: string): string {
  return envelope({ ConfirmTransaction: { $: { xmlns: COLLECTION_NS }, merchantId, tranId, ...(orderId ? { orderId } : {}) } });
}

export function confirmResponse(c: Confirmation): string {
  const tx = c.transaction ? { transaction: Object.fromEntries(Object.entries(c.transaction).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])) } : {};
  return envelope({ ConfirmTransactionResponse: { $: { xmlns: COLLECTION_NS }, resultCode: c.resultCode, reasonCode: c.reasonCode, ...tx } });
}

/**
 * au's answer to a confirmation call, read no further than a confirmation can be long: a service
 * (or whatever answers at AU_COLLECTION_URL) sending more is cut off, not held in memory, and
 * its answer is refused (status 0). Anything but a 200 is not read at all.
 */
export async function readConfirmAnswer(res: Response): Promise<{ status: number; text: string }> {
  if (res.status !== 200 || !res.body) {
    await res.body?.cancel().catch(() => {});
    return { status: res.status, text: '' };
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > SOAP_MAX_BYTES) {
      await reader.cancel().catch(() => {});
      return { status: 0, text: '' };
    }
    chunks.push(value);
  }
  return { status: 200, text: new TextDecoder('utf-8').decode(Buffer.concat(chunks)) };
}

/** The SOAP body's one element, by name; null when the XML is not a SOAP envelope with it. */
async function bodyElement(xml: string, name: string): Promise<Record<string, unknown> | null> {
  if (xml.length > SOAP_MAX_BYTES || /<!DOCTYPE|<!ENTITY/i.test(xml)) return null;
  try {
    const doc = (await parseStringPromise(xml, { explicitArray: false, tagNameProcessors: [processors.stripPrefix], attrkey: '$', charkey: '_' })) as Record<string, unknown>;
    const env = doc.Envelope as Record<string, unknown> | undefined;
    const body = env?.Body as Record<string, unknown> | undefined;
    const el = body?.[name];
    return el && typeof el === 'object' ? (el as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export async function parseConfirmRequest(xml: string): Promise<{ merchantId: string; tranId: string; orderId: string | undefined } | null> {
  const el = await bodyElement(xml, 'ConfirmTransaction');
  const merchantId = str(el?.merchantId);
  const tranId = str(el?.tranId);
  return merchantId && tranId ? { merchantId, tranId, orderId: str(el?.orderId) } : null;
}

export async function parseConfirmResponse(xml: string): Promise<Confirmation | null> {
  const el = await bodyElement(xml, 'ConfirmTransactionResponse');
  const resultCode = str(el?.resultCode);
  const reasonCode = str(el?.reasonCode) ?? '';
  if (!el || !resultCode) return null;
  const t = el.transaction as Record<string, unknown> | undefined;
  const type = str(t?.type);
  const amount = str(t?.amount);
  const transaction: Transaction | null = type
    ? { type, order: str(t?.order), contract: str(t?.contract), month: str(t?.month), issuedAt: str(t?.issuedAt), ...(str(t?.product) !== undefined ? { product: str(t?.product)! } : {}), ...(amount !== undefined && /^\d{1,6}$/.test(amount) ? { amount: Number(amount) } : {}) }
    : null;
  return { resultCode, reasonCode, transaction };
}
