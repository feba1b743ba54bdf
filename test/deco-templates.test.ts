import { describe, expect, it } from 'vitest';
import { Jimp } from 'jimp';
import iconv from 'iconv-lite';
import { gatewayForSuite } from './support/gateway.js';
import { emojiTables } from '../emoji/tables.js';
import { encodeMailText } from '../emoji/mail.js';
import { carrierById } from '../carriers/index.js';
import { importCarrierTemplate } from '../gateway/deco-import.js';
import { readCarrierTemplate, UnreadableTemplate } from '../mail/deco-template.js';

const t = emojiTables();
const sun = t.pictograms.docomo.get(0xe63e)!;
const CRLF = '\r\n';

async function gif(): Promise<string> {
  return Buffer.from(await new Jimp({ width: 20, height: 20, color: 0xff3399ff }).getBuffer('image/gif')).toString('base64');
}

/** The HTML and an image by cid in the root type a carrier's template file uses, after its preamble. */
function mime(root: string, html: Buffer, charset: string, encoding: string, image: string): Buffer {
  return Buffer.concat([
    Buffer.from(`MIME-Version: 1.0${CRLF}Content-Type: ${root}; boundary="b1"${CRLF}${CRLF}--b1${CRLF}Content-Type: text/html; charset=${charset}${CRLF}Content-Transfer-Encoding: ${encoding}${CRLF}${CRLF}`, 'latin1'),
    html,
    Buffer.from(`${CRLF}--b1${CRLF}Content-Type: image/gif${CRLF}Content-Transfer-Encoding: base64${CRLF}Content-ID: <img00@tpl>${CRLF}${CRLF}${image}${CRLF}--b1--${CRLF}`, 'latin1'),
  ]);
}

const page = (title: string, pictogram: string) =>
  `<html><head><title>${title}</title></head><body bgcolor="#FFE4EC" onload="alert(1)"><div align="center"><img src="cid:img00@tpl"></div><div><font color="#ff3399">はる${pictogram}</font></div><script>alert(1)</script><img src="http://evil.example/x.gif"></body></html>`;

describe('carrier deco-mail template files (.dmt, .khm, .hmt) into the gallery', () => {
  const gw = gatewayForSuite('sqlite');

  it.each([
    ['dmt', async () => Buffer.concat([Buffer.from(`Decomail-Template${CRLF}`), mime('multipart/related', encodeMailText(page('さくら', sun.internal), carrierById('docomo').mail, 'markup').bytes, 'Shift_JIS', '8bit', await gif())])],
    ['khm', async () => Buffer.concat([Buffer.from(`KDDI_HTML_MAIL_2_0${CRLF}`), mime('multipart/mixed', encodeMailText(page('さくら', sun.internal), carrierById('au').mail, 'markup').bytes, 'ISO-2022-JP', '7bit', await gif())])],
    ['hmt', async () => Buffer.concat([Buffer.from(`HTMLMail-Template-Version: 1.0${CRLF}HTMLMail-Template-Title: `), iconv.encode('さくら', 'cp932'), Buffer.from(`${CRLF}${CRLF}`), mime('multipart/related', encodeMailText(page('ignored', sun.internal), carrierById('softbank').mail, 'markup').bytes, 'UTF-8', '8bit', await gif())])],
  ] as const)('reads a %s file: title, pictograms, images by cid; sanitised and its image added to the gallery', async (format, build) => {
    const raw = await build();
    const read = await readCarrierTemplate(raw);
    expect(read.format).toBe(format);
    expect(read.title).toBe('さくら');
    expect(read.images).toHaveLength(1);
    const r = await importCarrierTemplate(gw.booted.services, raw, { pricePoints: 10 });
    expect(r.templates).toHaveLength(1);
    const id = r.templates[0]!;
    const entry = (await gw.booted.services.decoGallery.gallery(0)).find((g) => g.template.id === id)!;
    expect(entry.template.name).toBe('さくら');
    expect(entry.template.pricePoints).toBe(10);
    expect((await gw.booted.services.decoGallery.image(id))!.subarray(0, 3).toString()).toBe('GIF');
    expect(r.doc.bg).toBe('#ffe4ec');
    expect(r.doc.runs).toEqual([{ t: 'img', template: id }, { t: 'br' }, { t: 'text', text: `はる${sun.internal}`, color: '#ff3399' }]);
    expect(JSON.stringify(r.doc)).not.toMatch(/alert|evil/);
  });

  it('refuses files that are not deco-mail templates', async () => {
    await expect(readCarrierTemplate(Buffer.from('GIF89a....'))).rejects.toBeInstanceOf(UnreadableTemplate);
    await expect(readCarrierTemplate(Buffer.from(`Decomail-Template${CRLF}MIME-Version: 1.0${CRLF}Content-Type: text/plain${CRLF}${CRLF}hello`))).rejects.toBeInstanceOf(UnreadableTemplate);
  });
});
