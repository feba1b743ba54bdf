import { describe, expect, it } from 'vitest';
import { CARRIERS, detectDevice, loadCarrierRanges, type CarrierId, type DeviceProfile } from '../carriers/index.js';

const ranges = loadCarrierRanges();
function profile(ua: string, headers: Record<string, string> = {}, query = ''): DeviceProfile {
  const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return detectDevice({ userAgent: ua, header: (n) => h[n], query }, '127.0.0.1', ranges).profile;
}

type Want = Partial<DeviceProfile> & { carrier: CarrierId };
// Real User-Agent strings across carriers and eras; `model` and limits as the gateway must see them.
const HANDSETS: [string, Want][] = [
  ['DoCoMo/1.0/P501i', { carrier: 'docomo', model: 'P501i', cookies: false, maxPageBytes: 5120, markup: 'chtml', flashLite: null }],
  ['DoCoMo/1.0/N502i', { carrier: 'docomo', model: 'N502i', maxPageBytes: 5120 }],
  ['DoCoMo/1.0/N503iS/c10', { carrier: 'docomo', model: 'N503iS', maxPageBytes: 10240 }],
  ['DoCoMo/1.0/F504i/c10/TB', { carrier: 'docomo', model: 'F504i', maxPageBytes: 10240 }],
  ['DoCoMo/1.0/D505i/c20/TC/W20H10', { carrier: 'docomo', model: 'D505i', maxPageBytes: 20480, flashLite: '1.0' }],
  ['DoCoMo/1.0/SO505iS/c20/TC/W30H16', { carrier: 'docomo', model: 'SO505iS', flashLite: '1.0' }],
  ['DoCoMo/1.0/SH506iC/c20/TB/W24H12', { carrier: 'docomo', model: 'SH506iC', flashLite: '1.0', cookies: false }],
  ['DoCoMo/1.0/N506i/c20/TB/W20H11/ser123456789012345', { carrier: 'docomo', model: 'N506i' }],
  ['DoCoMo/2.0 N2001(c10)', { carrier: 'docomo', model: 'N2001', maxPageBytes: 10240, flashLite: '1.1' }],
  ['DoCoMo/2.0 P900i(c100;TB;W24H11)', { carrier: 'docomo', model: 'P900i', maxPageBytes: 30720, flashLite: '1.1' }],
  ['DoCoMo/2.0 SH902i(c100;TB;W24H12)', { carrier: 'docomo', model: 'SH902i', flashLite: '1.1' }],
  ['DoCoMo/2.0 N905i(c100;TB;W24H16)', { carrier: 'docomo', model: 'N905i', cookies: false, flashLite: '3.0' }],
  ['DoCoMo/2.0 SH906i(c100;TB;W24H16;ser123456789012345;icc12345678901234567890)', { carrier: 'docomo', model: 'SH906i', flashLite: '3.1' }],
  ['DoCoMo/2.0 MST_v_SH2101V(c100;TB;W22H12)', { carrier: 'docomo', model: 'MST_v_SH2101V' }],
  ['DoCoMo/2.0 P07A3(c500;TB;W24H15)', { carrier: 'docomo', model: 'P07A3', cookies: true, flashLite: '3.1', maxPageBytes: 102400 }],
  ['DoCoMo/2.0 N01A(c100;TB;W24H16)', { carrier: 'docomo', model: 'N01A', flashLite: '3.1' }],
  ['DoCoMo/3.0 N01A(c500;TB;W24H16)', { carrier: 'docomo', model: 'N01A', cookies: true }],
  ['UP.Browser/3.04-KCTA UP.Link/3.4.5.9', { carrier: 'au', model: 'KCTA', markup: 'chtml', flashLite: null }],
  ['UP.Browser/3.01-HI01 UP.Link/3.4.5.2', { carrier: 'au', model: 'HI01' }],
  ['KDDI-TS21 UP.Browser/6.0.2.276 (GUI) MMP/1.1', { carrier: 'au', model: 'TS21', flashLite: '1.1', maxPageBytes: 9000 }],
  ['KDDI-CA32 UP.Browser/6.2.0.7.3.129 (GUI) MMP/2.0', { carrier: 'au', model: 'CA32', markup: 'xhtml-mp', charset: 'Shift_JIS', cookies: true, flashLite: '2.0' }],
  ['KDDI-SH3I UP.Browser/6.2_7.2.7.1.K.4.306 (GUI) MMP/2.0', { carrier: 'au', model: 'SH3I' }],
  ['KDDI-HI3D UP.Browser/6.2.0.14.1 (GUI) MMP/2.0', { carrier: 'au', model: 'HI3D' }],
  ['KDDI-SN3K UP.Browser/6.2_7.2.7.1.K.2.234 (GUI) MMP/2.0', { carrier: 'au', model: 'SN3K' }],
  ['SoftBank/1.0/910T/TJ001/SN123456789012345 Browser/NetFront/3.3 Profile/MIDP-2.0 Configuration/CLDC-1.1', { carrier: 'softbank', model: '910T', charset: 'UTF-8', markup: 'xhtml-mp', cookies: true }],
  ['SoftBank/1.0/930SH/SHJ001/SN123456789012345 Browser/NetFront/3.4 Profile/MIDP-2.0 Configuration/CLDC-1.1', { carrier: 'softbank', model: '930SH', emojiForm: 'softbank-utf8' }],
  ['SoftBank/1.0/831SH/SHJ003/SN123456789012345 Browser/NetFront/3.5 Profile/MIDP-2.0 Configuration/CLDC-1.1', { carrier: 'softbank', model: '831SH' }],
  ['Semulator/1.0/812SH/SHJ001', { carrier: 'softbank', model: '812SH' }],
  ['Vodafone/1.0/V903T/TJ001 Browser/VF-Browser/1.0 Profile/MIDP-2.0 Configuration/CLDC-1.1 Ext-J-Profile/JSCL-1.2.2 Ext-V-Profile/VSCL-2.0.0', { carrier: 'softbank', model: 'V903T', charset: 'UTF-8' }],
  ['Vodafone/1.0/V705SH/SHJ001/SN123456789012345 Browser/NetFront/3.3 Profile/MIDP-2.0 Configuration/CLDC-1.1', { carrier: 'softbank', model: 'V705SH' }],
  ['J-PHONE/2.0/J-DN02', { carrier: 'softbank', model: 'J-DN02', charset: 'Shift_JIS', maxPageBytes: 5888, emojiForm: 'softbank-webcode', cookies: false }],
  ['J-PHONE/3.0/J-SH07', { carrier: 'softbank', model: 'J-SH07', maxPageBytes: 12288 }],
  ['J-PHONE/4.0/J-P51/SNJ123456789 SH/0001a Profile/MIDP-1.0 Configuration/CLDC-1.0 Ext-Profile/JSCL-1.1.0', { carrier: 'softbank', model: 'J-P51', charset: 'Shift_JIS' }],
  ['J-PHONE/5.0/V801SA', { carrier: 'softbank', model: 'V801SA', charset: 'UTF-8' }],
  ['MOT-V980/80.2F.2E. MIB/2.2.1 Profile/MIDP-2.0 Configuration/CLDC-1.1', { carrier: 'softbank', model: 'V980' }],
  ['Mozilla/3.0(WILLCOM;KYOCERA/WX320K/2;1.2.2.16.000000/0.1/C100) Opera 7.0', { carrier: 'willcom', model: 'WX320K', markup: 'xhtml-mp', charset: 'Shift_JIS', emojiForm: 'docomo-sjis' }],
  ['Mozilla/3.0(WILLCOM;KYOCERA/WX310K/2;1.2.2.16.000000/0.1/C100) Opera 7.0', { carrier: 'willcom', model: 'WX310K' }],
  ['Mozilla/3.0(WILLCOM;SANYO/WX310SA/2;1/1/C128) NetFront/3.3', { carrier: 'willcom', model: 'WX310SA' }],
  ['Mozilla/3.0(DDIPOCKET;JRC/AH-J3001V,AH-J3002V/1.0/0100/c50)CNF/2.0', { carrier: 'willcom', model: 'AH-J3001V,AH-J3002V', markup: 'chtml', maxPageBytes: 51200 }],
  ['Mozilla/3.0(DDIPOCKET;KYOCERA/AH-K3001V/1.8.2.71.000000/0.1/C100) Opera 7.0', { carrier: 'willcom', model: 'AH-K3001V' }],
  ['Mozilla/5.0 (iPhone; U; CPU iPhone OS 3_0 like Mac OS X; ja-jp) AppleWebKit/528.18 (KHTML, like Gecko) Version/4.0 Mobile/7A341 Safari/528.16', { carrier: 'smartphone', model: 'iPhone', markup: 'html5', charset: 'UTF-8', emojiForm: 'unicode' }],
  ['Mozilla/5.0 (Linux; U; Android 1.6; ja-jp; SonyEricssonSO-01B Build/R1EA018) AppleWebKit/528.5+ (KHTML, like Gecko) Version/3.1.2 Mobile Safari/525.20.1', { carrier: 'smartphone', model: 'Android' }],
  ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36', { carrier: 'smartphone' }],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36', { carrier: 'pc', markup: 'html5', cookies: true }],
  ['Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)', { carrier: 'pc' }],
  ['Mozilla/5.0 (Linux; Android 14; Pixel Tablet) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36', { carrier: 'pc' }],
  ['', { carrier: 'pc' }],
];

describe('handset recognition', () => {
  it('covers at least 40 handsets across every carrier', () => {
    expect(HANDSETS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(HANDSETS.map(([, w]) => w.carrier))).toEqual(new Set(CARRIERS.map((c) => c.id)));
  });

  it.each(HANDSETS)('%s', (ua, want) => {
    expect(profile(ua)).toMatchObject(want);
  });

  it('reads screen width and page limit from au and SoftBank headers', () => {
    const au = profile('KDDI-CA32 UP.Browser/6.2.0.7.3.129 (GUI) MMP/2.0', { 'X-UP-DEVCAP-SCREENPIXELS': '234,320', 'X-UP-DEVCAP-MAX-PDU': '131072' });
    expect(au).toMatchObject({ screenWidth: 234, maxPageBytes: 131072 });
    const sb = profile('SoftBank/1.0/930SH/SHJ001', { 'X-JPHONE-DISPLAY': '480*854', 'X-JPHONE-MSNAME': '930SH' });
    expect(sb).toMatchObject({ screenWidth: 480, model: '930SH' });
  });

  it('treats crawlers posing as docomo handsets as crawlers', () => {
    expect(profile('DoCoMo/2.0 N905i(c100;TB;W24H16) (compatible; Googlebot-Mobile/2.1; +http://www.google.com/bot.html)')).toMatchObject({ carrier: 'docomo', crawler: true });
    expect(profile('DoCoMo/2.0 N902iS(c100;TB;W24H12)(compatible; moba-crawler; http://crawler.dena.jp/)')).toMatchObject({ crawler: true });
    expect(profile('DoCoMo/2.0 N905i(c100;TB;W24H16)').crawler).toBe(false);
  });
});

describe('subscriber IDs', () => {
  const detect = (ua: string, ip: string, headers: Record<string, string>, query = '') => {
    const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    return detectDevice({ userAgent: ua, header: (n) => h[n], query }, ip, ranges);
  };
  const DOCOMO = 'DoCoMo/2.0 N905i(c100;TB;W24H16)';

  it('believes a docomo ID only from a docomo gateway, with a docomo UA, on a guid=ON URL', () => {
    expect(detect(DOCOMO, '210.153.84.1', { 'X-DCMGUID': 'DEMO001' }, 'guid=ON').subscriberId).toBe('DEMO001');
    expect(detect(DOCOMO, '210.153.84.1', { 'X-DCMGUID': 'DEMO001' }, '').subscriberId).toBeNull();
    expect(detect(DOCOMO, '198.51.100.7', { 'X-DCMGUID': 'DEMO001' }, 'guid=ON').subscriberId).toBeNull();
    // A PC UA from a docomo address (a data card, or a forged proxy) is not a handset.
    expect(detect('Mozilla/5.0 (X11; Linux x86_64)', '210.153.84.1', { 'X-DCMGUID': 'DEMO001' }, 'guid=ON').subscriberId).toBeNull();
    // An au address does not vouch for a docomo UA.
    expect(detect(DOCOMO, '210.230.128.225', { 'X-DCMGUID': 'DEMO001' }, 'guid=ON').subscriberId).toBeNull();
  });

  it('rejects malformed and declined IDs', () => {
    expect(detect(DOCOMO, '210.153.84.1', { 'X-DCMGUID': 'NULLGWDOCOMO' }, 'guid=ON').subscriberId).toBeNull();
    expect(detect(DOCOMO, '210.153.84.1', { 'X-DCMGUID': "DEMO001' OR 1=1" }, 'guid=ON').subscriberId).toBeNull();
    expect(detect('KDDI-CA32 UP.Browser/6.2.0.7.3.129 (GUI) MMP/2.0', '210.230.128.225', { 'X-UP-SUBNO': 'short' }).subscriberId).toBeNull();
    expect(detect('SoftBank/1.0/930SH/SHJ001', '123.108.237.1', { 'X-JPHONE-UID': '1234567890123456' }).subscriberId).toBeNull();
  });

  it('never offers easy login to Willcom, whose ranges PC data cards share', () => {
    const d = detect('Mozilla/3.0(WILLCOM;KYOCERA/WX320K/2;1.2.2.16.000000/0.1/C100) Opera 7.0', '114.20.49.1', {});
    expect(d.carrierIpVerified).toBe(true);
    expect(d.carrier.easyLogin).toBe(false);
    expect(d.subscriberId).toBeNull();
  });

  it('never believes a crawler', () => {
    const d = detect('DoCoMo/2.0 N905i(c100;TB;W24H16) (compatible; Googlebot-Mobile/2.1)', '210.153.84.1', { 'X-DCMGUID': 'DEMO001' }, 'guid=ON');
    expect(d.subscriberId).toBeNull();
  });
});

describe('hostile User-Agents and carrier headers', () => {
  // A quadratic pattern over a 1 MB User-Agent would run for minutes (far past the test's limit);
  // recognition reads at most 512 characters of any header, so these answer at once.
  it('recognises a handset from the first characters of a huge header without slowing', () => {
    for (const ua of ['UP.Browser/1.' + '1'.repeat(1_000_000), 'KDDI-' + 'A'.repeat(1_000_000), 'DoCoMo/2.0 N905i(' + 'c'.repeat(1_000_000)]) {
      const d = detectDevice({ userAgent: ua, header: (n) => (n === 'x-up-devcap-screenpixels' ? '9'.repeat(1_000_000) : undefined), query: 'x='.repeat(500_000) }, '198.51.100.7', ranges);
      expect(d.profile.maxPageBytes).toBeGreaterThan(0);
    }
  });
});
