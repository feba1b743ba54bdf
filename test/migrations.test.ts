import { describe, expect, it } from 'vitest';
import { dialects, gatewayForSuite } from './support/gateway.js';
import { signedInMember } from './support/members.js';
import { up as communitySection } from '../db/migrations/0017_community_section.js';
import { recountActiveFriends } from '../db/migrations/0034_active_friends.js';

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

    it("fills each member's count of active friends from the friendships already there", async () => {
      const owner = await signedInMember(gw, 'au');
      const viewer = await signedInMember(gw, 'pc');
      const store = gw.booted.services.store;
      const friends = await Promise.all([0, 1, 2].map(() => signedInMember(gw, 'pc')));
      for (const f of friends) await store.friendships.befriend(owner.id, f.id, Date.now());
      await store.members.update(friends[0]!.id, { status: 'suspended' });
      const db = gw.booted.conn.db;
      await db.updateTable('member_versions').set({ active_friends: 0 }).execute(); // as before 0034
      await recountActiveFriends(db);
      await viewer.h.get(`/members/${owner.id}`);
      expect(viewer.h.last.text).toContain('マイミク(2人)');
      await viewer.h.get(`/members/${friends[1]!.id}`);
      expect(viewer.h.last.text).toContain('マイミク(1人)');
    });
  });
}
