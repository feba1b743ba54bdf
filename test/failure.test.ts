import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway } from './support/gateway.js';
import { CARRIER_IP, Handset, UA } from './support/handset.js';
import { createMailer } from '../mail/mailer.js';

describe('failures reach members as pages, never as stack traces', () => {
  it('answers 503 in the handset markup when the database is gone, and /healthz says so', async () => {
    const gw = await startGateway('sqlite');
    const h = new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: ['X-DCMGUID', 'DEMO001'] });
    await gw.booted.conn.db.destroy();
    await h.get('/login/easy?guid=ON');
    expect(h.last.status).toBe(503);
    expect(h.last.headers.get('content-type')).toBe('text/html; charset=Shift_JIS');
    expect(h.last.text).toContain('しばらくしてから');
    expect(h.last.text).toMatch(/お問い合わせ番号: [0-9a-f]{12}/);
    expect(h.last.text).not.toMatch(/Error|at \S+\.ts|kysely|sqlite/i);
    const health = await gw.request('GET', '/healthz');
    expect(health.status).toBe(503);
  });
});

describe('outgoing mail without SMTP', () => {
  it('writes each message as an .eml file QA can read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ashiato-outbox-'));
    const mailer = createMailer({ smtpUrl: null, outbox: dir, from: 'no-reply@ashiato.example' });
    await mailer.send({ to: 'taro..x.@docomo.ne.jp', subject: '【足あと】確認', text: '下のURLを開いてください\nhttp://localhost:3000/register/verify?token=abc' });
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(dir, files[0]!), 'utf8');
    // Keitai-era local parts are sent quoted, the RFC-correct form carrier mail servers accept.
    expect(eml).toMatch(/^To: <"taro\.\.x\."@docomo\.ne\.jp>$/m);
    expect(eml).toMatch(/^Subject: =\?Shift_JIS\?/m); // a docomo phone's charset
    expect(eml).toContain('From: no-reply@ashiato.example');
  });
});
