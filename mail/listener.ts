/**
 * The inbound SMTP listener for posting by mail (smtp-server). It accepts mail only for a
 * member's secret posting address sent from that member's verified address (anything else is
 * refused at RCPT TO, so the sending server bounces it and nothing is read), reads at most
 * MAIL_POST_MAX_BYTES of a message (SIZE advertised, and the stream counted), and hands the mail
 * to the post service. Whatever a mail holds, the listener answers and keeps serving.
 */
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Logger } from 'pino';
import { mailCarrierOf } from '../carriers/mail-domains.js';
import { MAIL_POST_MAX_ATTACHMENTS, MAIL_POST_MAX_BYTES, MailPostRefused, type MailPostService, type MailRefusal } from '../core/mailpost/service.js';
import type { MailAddress } from '../core/mailpost/ports.js';
import { MalformedMail, readHandsetMail } from './inbound.js';

export interface MailListener {
  /** The port actually bound (the one asked for, or the system's pick for 0 in tests). */
  port: number;
  close(): Promise<void>;
}

type Post = Pick<MailPostService, 'recipient' | 'post' | 'tellRefused'>;

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/** Starts listening on host:port; resolves once bound. */
export function startMailListener(o: { port: number; host: string; post: Post; logger: Logger; maxBytes?: number }): Promise<MailListener> {
  const maxBytes = o.maxBytes ?? MAIL_POST_MAX_BYTES;
  const log = o.logger;
  // Posting addresses accepted per SMTP session (one recipient per message).
  const accepted = new WeakMap<SMTPServerSession, MailAddress>();

  /** The sender is told why, in their phone's charset; a failure to tell is only logged. */
  const refuse = async (sender: string, reason: MailRefusal, detail?: string) => {
    log.info({ reason }, 'mail post refused');
    await o.post.tellRefused(sender, reason, detail).catch((err) => log.warn({ err }, 'mail post refusal could not be sent'));
  };

  const server = new SMTPServer({
    banner: 'Ashiato mail posting',
    size: maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    maxClients: 50,
    socketTimeout: 60_000,
    onMailFrom(_address, session, callback) {
      accepted.delete(session);
      callback();
    },
    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      if (accepted.has(session)) return callback(smtpError(452, 'One posting address per message'));
      o.post
        .recipient(address.address, sender)
        .then((a) => {
          if (!a) return callback(smtpError(550, 'No such posting address for this sender'));
          accepted.set(session, a);
          callback();
        })
        .catch((err) => {
          log.warn({ err }, 'mail post recipient check failed');
          callback(smtpError(451, 'Try again later'));
        });
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        // Past the limit the rest is read and dropped: the client gets its answer after DATA ends.
        if (bytes <= maxBytes) chunks.push(chunk);
      });
      stream.on('error', (err) => log.warn({ err }, 'mail post stream failed'));
      stream.on('end', () => {
        const to = accepted.get(session);
        const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        accepted.delete(session);
        if (!to) return callback(smtpError(503, 'No posting address'));
        if (stream.sizeExceeded || bytes > maxBytes) {
          void refuse(sender, 'too_large');
          return callback(smtpError(552, 'Message too large for posting'));
        }
        void deliver(to, sender, Buffer.concat(chunks)).then(
          () => callback(),
          (err) => {
            log.warn({ err }, 'mail post failed');
            callback(smtpError(451, 'Try again later'));
          },
        );
      });
    },
  });

  /** Posts one mail; a refusal is answered by mail (the message itself is accepted: it was read). */
  async function deliver(to: MailAddress, sender: string, raw: Buffer): Promise<void> {
    const facts = mailCarrierOf(sender).mail;
    let mail;
    try {
      mail = await readHandsetMail(raw, facts);
    } catch (e) {
      if (e instanceof MalformedMail) return refuse(sender, 'malformed');
      throw e;
    }
    if (mail.parts > MAIL_POST_MAX_ATTACHMENTS) return refuse(sender, 'too_many_attachments');
    try {
      const id = await o.post.post(to, { subject: mail.subject, text: mail.text, images: mail.images });
      log.info({ entry: id, member: to.memberId }, 'posted by mail');
    } catch (e) {
      if (e instanceof MailPostRefused) return refuse(sender, e.reason, e.detail);
      throw e;
    }
  }

  server.on('error', (err) => log.warn({ err }, 'mail listener error'));
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.server.once('error', onError);
    server.listen(o.port, o.host, () => {
      server.server.off('error', onError);
      const addr = server.server.address();
      resolve({ port: typeof addr === 'object' && addr ? addr.port : o.port, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}
