import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { contentLines, withStaff } from '../staff-view.js';
import { may } from '../../core/staff/roles.js';
import { hiddenListPage, memberDetailPage, memberSearchPage, reportCasePage, reportQueuePage } from '../../templates/pages/staff.js';
import { feature, type Feature } from './feature.js';
import { idParam } from './shared.js';

const KIND = ':kind{[a-z]{1,12}}';
const clip = (t: string) => (t.length > 40 ? `${t.slice(0, 40)}…` : t);

/** What moderators and support do in the staff console: reports, content, members (roles checked per page). */
export function staffModerationRoutes(s: Services): Feature {
  const f = feature({ auth: 'guest' });
  const form = (c: Parameters<Parameters<typeof f.get>[1]>[0], name: string) => c.get('form').get(name) ?? '';

  f.get('/staff/reports', (c) =>
    withStaff(c, s, 'reports', async (st) => {
      const q = await s.moderation.queue(st);
      return sendPage(c, reportQueuePage(q.map(({ report: r, content }) => ({ id: r.id, kind: r.targetKind, reason: r.reason, createdAt: r.createdAt, excerpt: content ? clip(content.title || content.body) : '(削除済み)' }))));
    }),
  );
  f.get('/staff/reports/:id{[0-9]+}', (c) =>
    withStaff(c, s, 'reports', async (st) => {
      const k = await s.moderation.reportCase(st, idParam(c, 'id'));
      const [content] = await contentLines(s, [k.content]);
      const author = k.author ? { id: k.author.id, status: k.author.status } : null;
      return sendPage(c, reportCasePage({ id: k.report.id, kind: k.report.targetKind, targetId: k.report.targetId, reason: k.report.reason, resolved: k.report.resolvedAt !== null, content: content ?? null, hidden: k.hidden, hideable: k.hideable, author, mayHide: may(st.role, 'content'), maySuspend: may(st.role, 'suspend') }));
    }),
  );
  f.post('/staff/reports/:id{[0-9]+}/dismiss', (c) =>
    withStaff(c, s, 'reports', async (st) => {
      await s.moderation.dismiss(st, idParam(c, 'id'));
      return redirectTo(c, '/staff/reports');
    }),
  );

  f.post(`/staff/content/${KIND}/:id{[0-9]+}/hide`, (c) =>
    withStaff(c, s, 'content', async (st) => {
      const report = /^\d{1,12}$/.test(form(c, 'report')) ? Number(form(c, 'report')) : null;
      await s.moderation.hide(st, c.req.param('kind') ?? '', idParam(c, 'id'), report);
      return redirectTo(c, report ? `/staff/reports/${report}` : '/staff/hidden');
    }),
  );
  f.post(`/staff/content/${KIND}/:id{[0-9]+}/restore`, (c) =>
    withStaff(c, s, 'content', async (st) => {
      await s.moderation.restore(st, c.req.param('kind') ?? '', idParam(c, 'id'));
      return redirectTo(c, '/staff/hidden');
    }),
  );
  f.get('/staff/hidden', (c) =>
    withStaff(c, s, 'content', async (st) => {
      const reason = c.get('query').get('reason') === 'held' ? 'held' : 'staff';
      const list = await s.moderation.hiddenList(st, reason);
      const lines = await contentLines(s, list.map((x) => x.content));
      return sendPage(c, hiddenListPage(reason, list.map((x, i) => ({ kind: x.item.kind, id: x.item.targetId, word: x.item.word, createdAt: x.item.createdAt, content: lines[i] ?? null }))));
    }),
  );

  f.get('/staff/members', (c) =>
    withStaff(c, s, 'lookup', async (st) => {
      const q = c.get('query').get('q') ?? '';
      const m = q.trim() ? await s.moderation.lookup(st, q) : null;
      return sendPage(c, memberSearchPage(q, m && { id: m.id, nickname: m.nickname, login: m.login, status: m.status }, q.trim() !== ''));
    }),
  );
  f.get('/staff/members/:id{[0-9]+}', (c) =>
    withStaff(c, s, 'lookup', async (st) => {
      const d = await s.moderation.member(st, idParam(c, 'id'));
      const m = d.member;
      const course = d.course ? `${d.course.carrier} ${d.course.state}(契約 ${d.course.contractRef})` : 'ポイントコースの契約はありません。';
      const billing = d.balance === null ? null : { course, balance: d.balance, points: (d.points ?? []).map((p) => ({ at: p.createdAt, delta: p.delta, kind: p.kind, note: p.note })) };
      return sendPage(c, memberDetailPage({ id: m.id, nickname: m.nickname, login: m.login, mail: m.mail, status: m.status, createdAt: m.createdAt, bindings: d.bindings.map((b) => b.carrier), maySuspend: may(st.role, 'suspend'), billing }));
    }),
  );
  f.post('/staff/members/:id{[0-9]+}/suspend', (c) =>
    withStaff(c, s, 'suspend', async (st) => {
      await s.moderation.suspend(st, idParam(c, 'id'), form(c, 'reason'));
      return redirectTo(c, `/staff/members/${idParam(c, 'id')}`);
    }),
  );
  f.post('/staff/members/:id{[0-9]+}/restore', (c) =>
    withStaff(c, s, 'suspend', async (st) => {
      await s.moderation.unsuspend(st, idParam(c, 'id'));
      return redirectTo(c, `/staff/members/${idParam(c, 'id')}`);
    }),
  );

  return f;
}
