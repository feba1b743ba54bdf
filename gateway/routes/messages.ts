import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { messagesPage, messageViewPage, type Box } from '../../templates/pages/social.js';
import { decoBlock, decoSkin } from '../../templates/pages/deco.js';
import { withCompletion } from '../ad-view.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId, reading, who } from './shared.js';
import { composePage, composeValues, decoOf } from '../deco-view.js';

/** Messages between members: inbox, sent and trash boxes, reading, replying (plain or decorated), discarding. */
export function messageRoutes(s: Services): Feature {
  const f = feature({ auth: 'member', areas: ['/messages/*'] });
  /** Another member this one may write to (the access gate: blocked either way looks missing). */
  const reachable = (c: Context<AppEnv>, raw: string | undefined) => s.access.contact(memberId(c), Number.parseInt(raw ?? '', 10));

  f.get('/messages', async (c) => {
    const me = memberId(c);
    const raw = c.get('query').get('box');
    const box: Box = raw === 'sent' || raw === 'trash' ? raw : 'inbox';
    const r = reading(c, s);
    const list = await r.messages.box(me, box);
    const names = await r.access.names(me, list.flatMap((m) => [m.fromId, m.toId]));
    const line = (m: (typeof list)[number]) => ({ id: m.id, other: who(names, m.fromId === me ? m.toId : m.fromId), subject: m.subject, unread: m.toId === me && m.readAt === null, createdAt: m.createdAt });
    return sendPage(c, messagesPage(box, list.map(line)));
  });

  f.get('/messages/new', async (c) => {
    const to = await reachable(c, c.get('query').get('to'));
    const reply = Number.parseInt(c.get('query').get('reply') ?? '', 10);
    let subject = '';
    if (Number.isFinite(reply)) subject = `Re: ${(await s.messages.open(memberId(c), reply)).subject}`.slice(0, 50);
    return sendPage(c, await composePage(c, s, to, { ...composeValues(c), subject }));
  });
  f.post('/messages/new', async (c) => {
    const form = c.get('form');
    const to = await reachable(c, form.get('to'));
    const values = composeValues(c);
    // Preview: everything sending checks, drawn as this handset shows it; nothing is sent.
    if (form.has('preview')) {
      return handleForm(c, {
        act: async () => {
          const deco = decoOf(values);
          await s.messages.prepare(memberId(c), to.id, values.subject, values.body, deco);
          return sendPage(c, await composePage(c, s, to, values, {}, deco ?? undefined));
        },
        rerender: (r) => composePage(c, s, to, values, r.fields),
      });
    }
    return handleForm(c, {
      act: () => s.messages.send(memberId(c), to.id, values.subject, values.body, decoOf(values)),
      redirect: (id) => `/messages/${id}?done=message`,
      rerender: (r) => composePage(c, s, to, values, r.fields),
    });
  });

  f.get('/messages/:id{[0-9]+}', async (c) => {
    const me = memberId(c);
    const m = await s.messages.open(me, idParam(c, 'id'));
    const doc = await s.messages.decoration(me, m.id);
    const names = await s.access.names(me, [m.fromId, m.toId]);
    const incoming = m.toId === me;
    const decorated = doc ? { content: decoBlock(doc, c.get('device')), ...(decoSkin(doc) ? { skin: decoSkin(doc)! } : {}) } : undefined;
    return sendPage(c, await withCompletion(c, s, messageViewPage({ ...m, from: who(names, m.fromId), to: who(names, m.toId) }, incoming, (incoming ? m.recipientBox : m.senderBox) === 'trash', decorated)));
  });
  f.post('/messages/:id/discard', async (c) => {
    await s.messages.discard(memberId(c), idParam(c, 'id'));
    return redirectTo(c, '/messages');
  });

  return f;
}
