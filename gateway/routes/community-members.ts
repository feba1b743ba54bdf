import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { communityMembersPage } from '../../templates/pages/communities.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId, notFound, queryInt, who } from './shared.js';

/** Joining, leaving, the member list, and what administrators do to members. */
export function communityMemberRoutes(s: Services): Feature {
  const f = feature({ auth: 'member', areas: ['/communities/:id/members/*'] });

  f.post('/communities/:id/join', async (c) => {
    const id = idParam(c, 'id');
    await s.communityMembers.join(memberId(c), id);
    return redirectTo(c, `/communities/${id}`);
  });
  f.post('/communities/:id/leave', async (c) => {
    const id = idParam(c, 'id');
    await s.communityMembers.leave(memberId(c), id);
    return redirectTo(c, `/communities/${id}`);
  });

  f.get('/communities/:id/members', async (c) => {
    const me = memberId(c);
    const page = queryInt(c, 'page', 1, 1000);
    const { community } = await s.communities.view(me, idParam(c, 'id'));
    const l = await s.communityMembers.members(me, community.id, page);
    const names = await s.access.names(me, [...l.members, ...l.pending, ...l.banned].map((m) => m.memberId));
    // Only administrators get members they cannot see named (the service lists them for moderation).
    const w = (id: number) => (names.has(id) ? who(names, id) : { id, nickname: '(表示できないメンバー)', hidden: true });
    return sendPage(
      c,
      communityMembersPage({
        id: community.id,
        name: community.name,
        role: l.role,
        page,
        hasMore: l.hasMore,
        members: l.members.map((m) => ({ who: w(m.memberId), role: m.role })),
        pending: l.pending.map((m) => w(m.memberId)),
        banned: l.banned.map((m) => w(m.memberId)),
      }),
    );
  });

  f.post('/communities/:id/members/:member/:op', async (c) => {
    const [me, id, target] = [memberId(c), idParam(c, 'id'), idParam(c, 'member')];
    const m = s.communityMembers;
    const ops: Record<string, () => Promise<void>> = {
      approve: () => m.decide(me, id, target, true),
      deny: () => m.decide(me, id, target, false),
      ban: () => m.ban(me, id, target),
      unban: () => m.unban(me, id, target),
      sub: () => m.setSub(me, id, target, true),
      unsub: () => m.setSub(me, id, target, false),
      handover: () => m.handOver(me, id, target),
    };
    const name = c.req.param('op') ?? '';
    if (!Object.hasOwn(ops, name)) notFound();
    await ops[name]!();
    return redirectTo(c, `/communities/${id}/members`);
  });

  return f;
}
