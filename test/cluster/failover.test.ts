import { describe, expect, it } from 'vitest';
import { signedInMember } from '../support/members.js';
import { clusterDatabase, gatewayOn, nodeHost, urlOver } from './support.js';

/**
 * DATABASE_URL listing several servers: a gateway whose first-listed server refuses connections
 * (down, or never there) serves from the next one, and reports it set aside.
 */
describe('a gateway on a several-host DATABASE_URL', () => {
  it('serves members from the next server when the first refuses connections', async () => {
    const db = await clusterDatabase();
    // A closed port first, then two of the cluster's nodes.
    const gw = await gatewayOn(urlOver(['127.0.0.1:3319', nodeHost(2), nodeHost(3)], db.name));
    try {
      const m = await signedInMember(gw, 'pc');
      await m.go('/diary/new');
      await m.h.submit(m.h.form('body'), { title: '別のノードから', body: 'ノード1番が落ちても書ける', visibility: 'members' });
      expect(m.h.last.status).toBe(200);
      expect(m.h.last.text).toContain('ノード1番が落ちても書ける');
      expect(await (await gw.request('GET', '/healthz')).text()).toBe('ok');
    } finally {
      await gw.close();
      await db.drop();
    }
  });
});
