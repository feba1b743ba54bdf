import { Hono, type Context } from 'hono';
import { carrierById, type CarrierId } from '../../carriers/index.js';
import { isDomainError } from '../../core/errors.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { errorPage } from '../errors.js';
import { invitePage, settingsPage } from '../../templates/pages/settings.js';
import { withParams } from '../links.js';
import { limitClient, requireMember } from '../middleware/session.js';

/** Member settings: account, binding and unbinding this handset for easy login, invitations. */
export function settingsRoutes(s: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  for (const path of ['/settings', '/settings/*', '/invite']) app.use(path, requireMember);

  async function show(c: Context<AppEnv>, extra: { notice?: string; error?: string } = {}, status = 200) {
    const m = c.get('member')!;
    const bindings = await s.members.bindings(m.id);
    const car = c.get('carrier');
    const here = car.easyLogin ? { carrier: car.id, label: car.label } : null;
    const fp = await s.footprints.hidden(m.id);
    const course = fp.effective || (await s.course.isActive(m.id));
    return sendPage(
      c,
      settingsPage({
        nickname: m.nickname,
        mail: m.mail,
        bindings: bindings.map((b) => ({ carrier: b.carrier, label: carrierById(b.carrier as CarrierId).label })),
        canBind: c.get('subscriberId') !== null,
        here,
        bound: bindings.some((b) => b.carrier === car.id),
        footprints: { hidden: fp.chosen, course },
        mailNotify: await s.notices.wanted(m.id),
        ...extra,
      }),
      status,
    );
  }

  app.get('/settings', (c) => show(c));

  app.post('/settings/easy-login', async (c) => {
    const m = c.get('member')!;
    const op = c.get('form').get('op');
    const password = c.get('form').get('password') ?? '';
    try {
      if (op === 'bind') {
        const id = c.get('subscriberId');
        if (!id) return show(c, { error: '携帯電話会社の回線から端末情報が届きませんでした。' }, 400);
        await s.members.bindSubscriber(m.id, password, c.get('carrier').id, id, limitClient(c));
        return show(c, { notice: 'この端末をかんたんログインに登録しました。' });
      }
      if (op === 'unbind') {
        await s.members.unbindSubscriber(m.id, password, c.get('carrier').id, limitClient(c));
        return show(c, { notice: 'この端末の登録を解除しました。' });
      }
      return show(c, { error: '操作を選んでください。' }, 400);
    } catch (e) {
      if (isDomainError(e, 'invalid_credentials')) return show(c, { error: 'パスワードが違います。' }, 401);
      if (isDomainError(e, 'rate_limited')) return show(c, { error: '短い時間に何度もパスワードを間違えたため、しばらくお待ちください。' }, 429);
      if (isDomainError(e, 'subscriber_already_bound')) return show(c, { error: 'この端末は別のアカウントに登録されています。' }, 409);
      if (isDomainError(e, 'subscriber_not_bound')) return show(c, { error: 'この端末は登録されていません。' }, 404);
      throw e;
    }
  });

  app.post('/settings/footprints', async (c) => {
    const hide = c.get('form').get('hide') === '1';
    try {
      await s.footprints.setHidden(c.get('member')!.id, hide);
    } catch (e) {
      if (isDomainError(e, 'course_not_active')) return show(c, { error: 'ポイントコースをご利用中の方だけの設定です。' }, 403);
      throw e;
    }
    return show(c, { notice: hide ? '足あとを残さずに訪問するようにしました。' : '訪問すると足あとが残るようにしました。' });
  });

  app.post('/settings/mail-notify', async (c) => {
    const on = c.get('form').get('on') === '1';
    await s.notices.setWanted(c.get('member')!.id, on);
    return show(c, { notice: on ? 'メッセージが届いたらメールでお知らせします。' : 'メールでのお知らせを止めました。' });
  });

  app.get('/invite', (c) => sendPage(c, invitePage(null, null)));
  app.post('/invite', async (c) => {
    try {
      const inv = await s.members.createInvitation(c.get('member')!.id);
      return sendPage(c, invitePage(inv.code, withParams('/register', { code: inv.code })));
    } catch (e) {
      if (isDomainError(e, 'rate_limited')) return errorPage(c, 429, '招待コードを作れません', '今日はこれ以上招待コードを作れません。明日またお試しください。');
      throw e;
    }
  });

  return app;
}
