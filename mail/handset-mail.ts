/**
 * A mail as a phone of this carrier writes it (keitai-facts §6): subject as encoded words in the
 * carrier's charset, text in its charset with its pictogram codes (ISO-2022-JP 7-bit for au,
 * base64 otherwise), photos attached as JPEG. The emulator's "send a mail" and the tests use it.
 */
import type { MailFacts } from '../carriers/index.js';
import { encodeMailText } from '../emoji/mail.js';

const b64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n');

export function buildHandsetMail(o: { from: string; to: string; subject: string; text: string; photos?: Buffer[]; quotedPrintable?: boolean }, mail: Pick<MailFacts, 'charset' | 'emojiForm'>): Buffer {
  const subject = encodeMailText(o.subject, mail);
  const body = encodeMailText(o.text.replace(/\r?\n/g, '\r\n'), mail);
  const cs = subject.charset;
  const head = [`From: ${o.from}`, `To: ${o.to}`, `Subject: =?${cs}?B?${subject.bytes.toString('base64')}?=`, `Date: ${new Date().toUTCString()}`, 'MIME-Version: 1.0'];
  const qp = () => [...body.bytes].map((b) => (b >= 0x21 && b <= 0x7e && b !== 0x3d ? String.fromCharCode(b) : b === 0x0d || b === 0x0a ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
  const textPart = o.quotedPrintable
    ? [`Content-Type: text/plain; charset=${cs}`, 'Content-Transfer-Encoding: quoted-printable', '', qp()]
    : cs === 'ISO-2022-JP'
      ? [`Content-Type: text/plain; charset=${cs}`, 'Content-Transfer-Encoding: 7bit', '', body.bytes.toString('latin1')]
      : [`Content-Type: text/plain; charset=${cs}`, 'Content-Transfer-Encoding: base64', '', b64(body.bytes)];
  const parts = [textPart.join('\r\n'), ...(o.photos ?? []).map((p, i) => [`Content-Type: image/jpeg; name="photo${i + 1}.jpg"`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; filename="photo${i + 1}.jpg"`, '', b64(p)].join('\r\n'))];
  return Buffer.from([...head, 'Content-Type: multipart/mixed; boundary="==ashiato=="', '', ...parts.map((p) => `--==ashiato==\r\n${p}`), '--==ashiato==--', ''].join('\r\n'), 'latin1');
}
