import type { CarrierId } from './carrier.js';

/**
 * Handsets QA can pick in the emulator: what each sends (UA, extra headers, the subscriber
 * header its carrier gateway adds) and one address inside its carrier's gateway ranges.
 * The gateway derives everything else (markup, limits, cookies) from these, as for a real phone.
 */
export interface HandsetSpec {
  id: string;
  label: string;
  carrier: CarrierId;
  userAgent: string;
  headers: Record<string, string>;
  /** An address in the carrier's gateway ranges; null for PCs and smartphones. */
  gatewayIp: string | null;
  /** The header the carrier gateway adds with the subscriber ID, and a demo value. */
  subscriber: { header: string; demo: string; onlyWithGuid: boolean } | null;
}

const DOCOMO_IP = '210.153.84.1';
const AU_IP = '210.230.128.225';
const SOFTBANK_IP = '123.108.237.1';
const WILLCOM_IP = '114.20.49.1';
const docomoId = { header: 'x-dcmguid', demo: 'DEMO001', onlyWithGuid: true };
const auId = { header: 'x-up-subno', demo: '00000000000001_aa.ezweb.ne.jp', onlyWithGuid: false };
const softbankId = { header: 'x-jphone-uid', demo: 'cDEMO00000000001', onlyWithGuid: false };

export const HANDSETS: readonly HandsetSpec[] = [
  { id: 'docomo-n905i', label: 'docomo N905i (FOMA, 2007)', carrier: 'docomo', userAgent: 'DoCoMo/2.0 N905i(c100;TB;W24H16)', headers: {}, gatewayIp: DOCOMO_IP, subscriber: docomoId },
  { id: 'docomo-p07a', label: 'docomo P-07A (i-mode browser 2.0, 2009)', carrier: 'docomo', userAgent: 'DoCoMo/2.0 P07A3(c500;TB;W24H15)', headers: {}, gatewayIp: DOCOMO_IP, subscriber: docomoId },
  { id: 'docomo-d505i', label: 'docomo D505i (mova, 2003)', carrier: 'docomo', userAgent: 'DoCoMo/1.0/D505i/c20/TC/W20H10', headers: {}, gatewayIp: DOCOMO_IP, subscriber: docomoId },
  { id: 'docomo-p501i', label: 'docomo P501i (mova, 1999, 5 KB)', carrier: 'docomo', userAgent: 'DoCoMo/1.0/P501i', headers: {}, gatewayIp: DOCOMO_IP, subscriber: docomoId },
  { id: 'au-w53ca', label: 'au W53CA (WIN, 2007)', carrier: 'au', userAgent: 'KDDI-CA3B UP.Browser/6.2.0.13.1.4 (GUI) MMP/2.0', headers: { 'x-up-devcap-screenpixels': '240,320', 'x-up-devcap-max-pdu': '131072' }, gatewayIp: AU_IP, subscriber: auId },
  { id: 'au-sh3i', label: 'au SH3I (WIN)', carrier: 'au', userAgent: 'KDDI-SH3I UP.Browser/6.2_7.2.7.1.K.4.306 (GUI) MMP/2.0', headers: {}, gatewayIp: AU_IP, subscriber: auId },
  { id: 'softbank-930sh', label: 'SoftBank 930SH (3G, 2008)', carrier: 'softbank', userAgent: 'SoftBank/1.0/930SH/SHJ001/SN123456789012345 Browser/NetFront/3.4 Profile/MIDP-2.0 Configuration/CLDC-1.1', headers: { 'x-jphone-msname': '930SH', 'x-jphone-display': '240*400' }, gatewayIp: SOFTBANK_IP, subscriber: softbankId },
  { id: 'jphone-j-dn02', label: 'J-PHONE J-DN02 (C-type, 6 KB)', carrier: 'softbank', userAgent: 'J-PHONE/2.0/J-DN02', headers: {}, gatewayIp: SOFTBANK_IP, subscriber: null },
  { id: 'willcom-wx320k', label: 'WILLCOM WX320K', carrier: 'willcom', userAgent: 'Mozilla/3.0(WILLCOM;KYOCERA/WX320K/2;1.2.2.16.000000/0.1/C100) Opera 7.0', headers: {}, gatewayIp: WILLCOM_IP, subscriber: null },
  { id: 'iphone', label: 'iPhone 3G', carrier: 'smartphone', userAgent: 'Mozilla/5.0 (iPhone; U; CPU iPhone OS 3_0 like Mac OS X; ja-jp) AppleWebKit/528.18 (KHTML, like Gecko) Version/4.0 Mobile/7A341 Safari/528.16', headers: {}, gatewayIp: null, subscriber: null },
];

export function handsetById(id: string): HandsetSpec | undefined {
  return HANDSETS.find((h) => h.id === id);
}
