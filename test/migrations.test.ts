import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { up as communitySection } from '../db/migrations/0017_community_section.js';

for (const dialect of dialects()) {
  describe(`data migrations (${dialect})`, () => {
    const gw = gatewayForSuite(dialect);

    it('switches the communities section on for members who saved their sections before it existed', async () => {
      const before = await signedInMember(gw, 'pc');
      const none = await signedInMember(gw, 'pc');
      // Each saves the profile settings once, so a stored section list exists.
      for (const m of [before, none]) {
        await m.go('/settings/profile');
        await m.h.submit(m.h.form('area'), {});
      }
      const db = gw.booted.conn.db;
      // As 0004–0015 stored them: the sections a member chose, without communities.
      await db.updateTable('profiles').set({ top_sections: 'friend-diaries,footprints' }).where('member_id', '=', before.id).execute();
      await db.updateTable('profiles').set({ top_sections: '' }).where('member_id', '=', none.id).execute();
      await communitySection(db, {} as never);
      await before.h.get(before.home);
      expect(before.h.last.text).toContain('コミュニティの新着');
      await none.h.get(none.home);
      expect(none.h.last.text).not.toContain('コミュニティの新着');
    });
  });
}
