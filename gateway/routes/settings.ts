import type { Context } from 'hono';
import { carrierById, type CarrierId } from '../../carriers/index.js';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { settingsPage } from '../../templates/pages/settings.js';
import type { Page } from '../../templates/layout.js';
import { limitClient } from '../middleware/session.js';
import { feature, type Feature } from './feature.js';
import { memberId } from './shared.js';

type Extra = { notice?: string; error?: string };

/** Refused easy-login (un)binding: status and what the settings page says. */
const BINDING_REFUSALS: Partial<Record<string, [number, string]>> = {
  invalid_credentials: [401, 'パスワードが違います。'],
  rate_limited: [429, '短い時間に何度もパスワードを間違えたため、しばらくお待ちください。'],
  subscriber_already_bound: [409, 'この端末は別のアカウントに登録されています。'],
  subscriber_not_bound: [404, 'この端末は登録されていません。'],
};

/** The settings page: account, easy-login binding of this handset, footprints, mail notices. */
async function settingsView(c: Context<AppEnv>, s: Services, extra: Extra): Promise<Page> {
  const m = c.get('member')!;
  const bindings = await s.members.bindings(m.id);
  const car = c.get('carrier');
  const fp = await s.footprints.hidden(m.id);
  const course = fp.effective || (await s.course.isActive(m.id));
  return settingsPage({
    nickname: m.nickname,
    mail: m.mail,
    bindings: bindings.map((b) => ({ carrier: b.carrier, label: carrierById(b.carrier as CarrierId).label })),
    canBind: c.get('subscriberId') !== null,
    here: car.easyLogin ? { carrier: car.id, label: car.label } : null,
    bound: bindings.some((b) => b.carrier === car.id),
    footprints: { hidden: fp.chosen, course },
    mailNotify: await s.notices.wanted(m.id),
    ...extra,
  });
}

/** Binds or unbinds this handset for easy login (the password asked again). */
async function easyLoginBinding(c: Context<AppEnv>, s: Services, show: (extra: Extra, status?: number) => Promise<Response>): Promise<Response> {
  const op = c.get('form').get('op');
  const password = c.get('form').get('password') ?? '';
  if (op === 'bind') {
    const id = c.get('subscriberId');
    if (!id) return show({ error: '携帯電話会社の回線から端末情報が届きませんでした。' }, 400);
    await s.members.bindSubscriber(memberId(c), password, c.get('carrier').id, id, limitClient(c));
    return show({ notice: 'この端末をかんたんログインに登録しました。' });
  }
  if (op === 'unbind') {
    await s.members.unbindSubscriber(memberId(c), password, c.get('carrier').id, limitClient(c));
    return show({ notice: 'この端末の登録を解除しました。' });
  }
  return show({ error: '操作を選んでください。' }, 400);
}

/** Member settings: account, binding and unbinding this handset for easy login, footprints, mail notices. */
export function settingsRoutes(s: Services): Feature {
  const f = feature({ auth: 'member', areas: ['/settings/*'] });
  const show = async (c: Context<AppEnv>, extra: Extra = {}, status = 200) => sendPage(c, await settingsView(c, s, extra), status);

  f.get('/settings', (c) => show(c));

  f.post('/settings/easy-login', (c) =>
    handleForm(c, {
      act: () => easyLoginBinding(c, s, (extra, status) => show(c, extra, status)),
      refuse: (e) => BINDING_REFUSALS[e.code]?.[0] ?? null,
      rerender: (r) => settingsView(c, s, { error: BINDING_REFUSALS[r.code]![1] }),
    }),
  );

  f.post('/settings/footprints', (c) => {
    const hide = c.get('form').get('hide') === '1';
    return handleForm(c, {
      act: async () => {
        await s.footprints.setHidden(memberId(c), hide);
        return show(c, { notice: hide ? '足あとを残さずに訪問するようにしました。' : '訪問すると足あとが残るようにしました。' });
      },
      refuse: (e) => (e.code === 'course_not_active' ? 403 : null),
      rerender: () => settingsView(c, s, { error: 'ポイントコースをご利用中の方だけの設定です。' }),
    });
  });

  f.post('/settings/mail-notify', async (c) => {
    const on = c.get('form').get('on') === '1';
    await s.notices.setWanted(memberId(c), on);
    return show(c, { notice: on ? 'メッセージが届いたらメールでお知らせします。' : 'メールでのお知らせを止めました。' });
  });

  return f;
}
