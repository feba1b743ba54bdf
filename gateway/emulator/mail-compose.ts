import { Hono } from 'hono';
import nodemailer from 'nodemailer';
import { carrierById, type CarrierId } from '../../carriers/index.js';
import { buildHandsetMail } from '../../mail/handset-mail.js';
import { escapeHtml as esc } from '../../templates/escape.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { readBoundedBody } from '../input.js';
import { plainError } from '../errors.js';
import { loadJimp } from '../../media/jimp-codec.js';

const PHONES: [CarrierId, string][] = [['docomo', 'docomo (Shift_JIS)'], ['au', 'au (ISO-2022-JP)'], ['softbank', 'SoftBank (UTF-8)']];

function page(o: { logins: string[]; result?: string; values?: Record<string, string> }): string {
  const v = o.values ?? {};
  const opt = (value: string, label: string, selected: boolean) => `<option value="${esc(value)}"${selected ? ' selected' : ''}>${esc(label)}</option>`;
  return `<!DOCTYPE html><html lang="ja"><head><meta charset="UTF-8"><title>Ashiato emulator: send a mail</title></head><body style="font-family:sans-serif">
<h1>Send a mail as the handset</h1>
<p>Composes a mail the way the phone writes it and delivers it over SMTP to the posting listener, from the member's verified address to their diary posting address.</p>
${o.result ? `<pre style="background:#fff;border:1px solid #bbb;padding:6px">${esc(o.result)}</pre>` : ''}
<form method="post" action="/emulator/mail">
<label>Member <select name="login">${o.logins.map((l) => opt(l, l, v.login === l)).join('')}</select></label><br>
<label>Phone <select name="phone">${PHONES.map(([id, label]) => opt(id, label, v.phone === id)).join('')}</select></label><br>
<label>Subject <input name="subject" value="${esc(v.subject ?? '今日の写真☀️')}" size="40"></label><br>
<label>Body<br><textarea name="body" rows="4" cols="40">${esc(v.body ?? 'ケータイから送信📱')}</textarea></label><br>
<label><input type="checkbox" name="photo" value="1" checked> attach a sample photo (480×360 JPEG)</label><br>
<button>Send</button>
</form>
<p><a href="/emulator">Back to the emulator</a> · <a href="/emulator/outbox">Outbox</a> (refusals are answered by mail)</p></body></html>`;
}

/** The emulator's "send a mail": QA sees the whole posting loop (behind the QA gate with the rest of the emulator). */
export function mailComposeRoutes(s: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // The seeded demo members (their published addresses): QA sends as one of them.
  const demo = async () => (await Promise.all([...s.demoMembers].map((id) => s.members.byId(id)))).filter((m) => m !== null);
  const loginsOf = async () => (await demo()).map((m) => m.login);

  app.get('/', async (c) => c.html(page({ logins: await loginsOf() }), 200, { 'Cache-Control': 'no-store' }));
  app.post('/', async (c) => {
    const read = await readBoundedBody(c, 64 * 1024);
    if (!read.ok) return plainError(read.status, 'form too large');
    const f = new URLSearchParams(Buffer.from(read.bytes).toString('utf8'));
    const values = Object.fromEntries(f);
    const logins = await loginsOf();
    const show = (result: string) => c.html(page({ logins, result, values }), 200, { 'Cache-Control': 'no-store' });
    const { port, host } = s.config.mailIn;
    if (port === 0) return show('Mail posting is off (MAIL_IN_PORT=0).');
    const member = (await demo()).find((m) => m.login === f.get('login'));
    if (!member || !member.mail || member.mailVerifiedAt === null) return show('That member has no verified mail address.');
    const to = (await s.mailPost.addresses(member.id)).find((a) => a.target === 'diary')!.address;
    const phone = PHONES.find(([id]) => id === f.get('phone'))?.[0] ?? 'docomo';
    const photos = f.get('photo') === '1' ? [Buffer.from(await new (await loadJimp()).Jimp({ width: 480, height: 360, color: 0x66aaddff }).getBuffer('image/jpeg'))] : [];
    const raw = buildHandsetMail({ from: member.mail, to, subject: f.get('subject') ?? '', text: f.get('body') ?? '', photos }, carrierById(phone).mail);
    try {
      const info = await nodemailer.createTransport({ host: host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host, port, secure: false, ignoreTLS: true }).sendMail({ envelope: { from: member.mail, to: [to] }, raw });
      return show(`Sent from ${member.mail} to ${to}: ${info.response}\nOpen the member's diary in the emulator to see the entry.`);
    } catch (e) {
      return show(`The listener refused it: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return app;
}
