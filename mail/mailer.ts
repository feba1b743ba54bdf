import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Mailer, OutgoingMail } from '../core/ports.js';
import { buildPlainMail } from './deco.js';
import { mailFormatOf } from './notice-composer.js';

export interface MailerOptions {
  /** `smtp://user:pass@host:port`; without it mail is written to `outbox` as .eml files. */
  smtpUrl: string | null;
  outbox: string;
  from: string;
}

/** Sends through SMTP, or writes each message to the outbox folder QA reads. Plain mails are
 * written in the receiving phone's charset. */
export function createMailer(o: MailerOptions): Mailer {
  const rawOf = async (m: OutgoingMail) => m.raw ?? (await buildPlainMail({ from: o.from, to: m.to, subject: m.subject, text: m.text }, mailFormatOf(m.to)));
  if (o.smtpUrl) {
    const transport = nodemailer.createTransport(o.smtpUrl);
    return {
      async send(m: OutgoingMail) {
        await transport.sendMail({ envelope: { from: o.from, to: m.to }, raw: await rawOf(m) });
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(m: OutgoingMail) {
      const info = await transport.sendMail({ envelope: { from: o.from, to: m.to }, raw: await rawOf(m) });
      await mkdir(o.outbox, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      await writeFile(join(o.outbox, name), info.message as Buffer);
    },
  };
}
