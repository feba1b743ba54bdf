import { Hono, type Context } from 'hono';
import { isDomainError } from '../../core/errors.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { requireMember } from '../middleware/session.js';
import { idParam } from './diary.js';
import { who } from './names.js';
import { blocksPage, footprintsPage, friendRequestFormPage, friendRequestsPage, friendsDiaryPage, messageFormPage, messagesPage, messageViewPage, myDiaryCommentsPage, type Box } from '../../templates/pages/social.js';

/** Footprints, friend requests, blocks and messages: all member-only. */
export function socialRoutes(s: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const p of ['/footprints', '/diary/comments', '/friends/*', '/members/:id/friend-request', '/members/:id/block', '/blocks', '/messages', '/messages/*']) app.use(p, requireMember);
  const me = (c: Context<AppEnv>) => c.get('member')!.id;
  /** Another member this one may write to (the access gate: blocked either way looks missing). */
  const reachable = (c: Context<AppEnv>, id: number) => s.access.contact(me(c), id);

  app.get('/footprints', async (c) => {
    const list = await s.footprints.list(me(c));
    const names = await s.access.names(me(c), list.map((f) => f.visitorId));
    return sendPage(c, footprintsPage(list.map((f) => ({ visitor: who(names, f.visitorId), visitedAt: f.visitedAt }))));
  });

  app.get('/friends/diary', async (c) => {
    const page = Math.max(1, Math.min(500, Number.parseInt(c.get('query').get('page') ?? '1', 10) || 1));
    const entries = await s.top.friendsFeed(me(c), page);
    const names = await s.access.names(me(c), entries.map((e) => e.memberId));
    return sendPage(c, friendsDiaryPage(entries.map((e) => ({ id: e.id, title: e.title, author: who(names, e.memberId), createdAt: e.createdAt })), page, entries.length >= 20));
  });
  app.get('/diary/comments', async (c) => {
    const list = await s.top.commentsOnMyDiary(me(c));
    const names = await s.access.names(me(c), list.map((x) => x.authorId));
    return sendPage(c, myDiaryCommentsPage(list.map((x) => ({ entryId: x.entryId, author: who(names, x.authorId), body: x.body, createdAt: x.createdAt }))));
  });

  app.get('/members/:id/friend-request', async (c) => sendPage(c, friendRequestFormPage(await reachable(c, idParam(c, 'id')), '')));
  app.post('/members/:id/friend-request', async (c) => {
    const to = await reachable(c, idParam(c, 'id'));
    const message = c.get('form').get('message') ?? '';
    try {
      await s.friends.request(me(c), to.id, message);
      return redirectTo(c, `/members/${to.id}`);
    } catch (e) {
      if (isDomainError(e, 'invalid_input')) return sendPage(c, friendRequestFormPage(to, message, Object.values(e.fields)[0]), 400);
      throw e;
    }
  });

  async function requestsPage(c: Context<AppEnv>, notice?: string) {
    const [requests, suggestions] = await Promise.all([s.friends.pending(me(c)), s.friends.suggestions(me(c))]);
    const names = await s.access.names(me(c), [...requests.map((r) => r.fromId), ...suggestions.map((x) => x.memberId)]);
    return sendPage(
      c,
      friendRequestsPage(
        requests.map((r) => ({ id: r.id, from: who(names, r.fromId), message: r.message, createdAt: r.createdAt })),
        suggestions.filter((x) => names.has(x.memberId)).map((x) => ({ who: who(names, x.memberId), shared: x.shared })),
        notice,
      ),
    );
  }
  app.get('/friends/requests', (c) => requestsPage(c));
  app.post('/friends/requests/:id', async (c) => {
    const id = idParam(c, 'id');
    if (c.get('form').get('op') === 'accept') {
      const r = await s.friends.accept(me(c), id);
      return requestsPage(c, `${(await s.access.contact(me(c), r.fromId)).nickname}さんとマイミクになりました。`);
    }
    await s.friends.decline(me(c), id);
    return requestsPage(c, '申請をお断りしました。');
  });
  app.post('/friends/:id/remove', async (c) => {
    await s.friends.remove(me(c), idParam(c, 'id'));
    return redirectTo(c, `/members/${me(c)}/friends`);
  });

  // Blocked members vanish for each other, profiles included, so the blocker's list of them is
  // where they are named and unblocked.
  app.post('/members/:id/block', async (c) => {
    const other = idParam(c, 'id');
    if (c.get('form').get('op') === 'unblock') await s.friends.unblock(me(c), other);
    else await s.friends.block(me(c), other);
    return redirectTo(c, '/blocks');
  });
  app.get('/blocks', async (c) => sendPage(c, blocksPage(await s.friends.blockList(me(c)))));

  app.get('/messages', async (c) => {
    const raw = c.get('query').get('box');
    const box: Box = raw === 'sent' || raw === 'trash' ? raw : 'inbox';
    const list = await s.messages.box(me(c), box);
    const names = await s.access.names(me(c), list.flatMap((m) => [m.fromId, m.toId]));
    return sendPage(
      c,
      messagesPage(
        box,
        list.map((m) => ({ id: m.id, other: who(names, m.fromId === me(c) ? m.toId : m.fromId), subject: m.subject, unread: m.toId === me(c) && m.readAt === null, createdAt: m.createdAt })),
      ),
    );
  });

  app.get('/messages/new', async (c) => {
    const to = await reachable(c, Number.parseInt(c.get('query').get('to') ?? '', 10));
    const reply = Number.parseInt(c.get('query').get('reply') ?? '', 10);
    let subject = '';
    if (Number.isFinite(reply)) {
      const original = await s.messages.open(me(c), reply);
      subject = `Re: ${original.subject}`.slice(0, 50);
    }
    return sendPage(c, messageFormPage(to, { subject, body: '' }));
  });
  app.post('/messages/new', async (c) => {
    const f = c.get('form');
    const to = await reachable(c, Number.parseInt(f.get('to') ?? '', 10));
    const values = { subject: f.get('subject') ?? '', body: f.get('body') ?? '' };
    try {
      const id = await s.messages.send(me(c), to.id, values.subject, values.body);
      return redirectTo(c, `/messages/${id}`);
    } catch (e) {
      if (isDomainError(e, 'invalid_input')) return sendPage(c, messageFormPage(to, values, e.fields), 400);
      throw e;
    }
  });
  app.get('/messages/:id', async (c) => {
    const m = await s.messages.open(me(c), idParam(c, 'id'));
    const names = await s.access.names(me(c), [m.fromId, m.toId]);
    const incoming = m.toId === me(c);
    return sendPage(c, messageViewPage({ ...m, from: who(names, m.fromId), to: who(names, m.toId) }, incoming, (incoming ? m.recipientBox : m.senderBox) === 'trash'));
  });
  app.post('/messages/:id/discard', async (c) => {
    await s.messages.discard(me(c), idParam(c, 'id'));
    return redirectTo(c, '/messages');
  });

  return app;
}
