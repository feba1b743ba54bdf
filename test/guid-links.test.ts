import { describe, expect, it } from 'vitest';
import { hashPassword } from '../core/crypto.js';
import { gatewayForSuite } from './support/gateway.js';
import { CARRIER_IP, Handset, UA } from './support/handset.js';

describe('docomo links to pages that read the subscriber ID carry guid=ON', () => {
  const gw = gatewayForSuite('sqlite');

  it('a new docomo member binds easy login from the menus: 設定 offers the bind button, and easy login then works', async () => {
    const guid = `N${Math.random().toString(36).slice(2, 8).padEnd(6, '0')}`;
    await gw.booted.services.store.members.insert({
      login: 'guid_member', nickname: 'ドコモ新人', passwordHash: await hashPassword('member-pass'), birthDate: '1990-01-01',
      mail: null, mailVerifiedAt: Date.now(), status: 'active', invitedBy: null, createdAt: Date.now(),
    });
    const phone = () => new Handset(gw, UA.docomo, { ip: CARRIER_IP.docomo, subscriber: ['X-DCMGUID', guid] });
    // Not bound yet: easy login refuses and points to 設定 → かんたんログイン設定.
    const h = phone();
    await h.easyLogin();
    expect(h.last.text).toContain('この端末は未登録です');
    await h.follow(/^\/login\?/);
    expect(h.last.url).toMatch(/guid=ON/);
    await h.submit(h.form('password'), { login: 'guid_member', password: 'member-pass' });
    expect(h.signedIn()).toBe(true);
    // The top page's 設定 link, as the member taps it.
    const settings = h.links().find((l) => /^\/settings(\?|$)/.test(l));
    expect(settings).toMatch(/guid=ON/);
    await h.get(settings!);
    const bind = h.formTo(/\/settings\/easy-login/);
    expect(bind.action).toMatch(/guid=ON/);
    await h.submit(bind, { op: 'bind', password: 'member-pass' });
    expect(h.last.text).toContain('この端末をかんたんログインに登録しました');
    // Every link to a settings/easy-login page on it carries guid=ON too.
    for (const l of h.links().filter((x) => /^\/(settings|login)(\/easy|\/easy-login)?(\?|$)/.test(x))) expect(l).toMatch(/guid=ON/);
    const again = phone();
    await again.easyLogin();
    expect(again.signedIn()).toBe(true);
    expect(again.last.text).toContain('ドコモ新人さん');
  });
});
