import { errorList, form, heading, hr, hidden, link, menuItem, para, passwordField, submit, textField } from '../components.js';
import { h } from '../html.js';
import type { Page } from '../layout.js';

export interface SettingsView {
  nickname: string;
  mail: string | null;
  /** Carriers with a bound handset, with a display label. */
  bindings: { carrier: string; label: string }[];
  /** This handset can be bound now (carrier gateway verified the subscriber ID). */
  canBind: boolean;
  /** This handset's carrier and label, when it offers easy login at all. */
  here: { carrier: string; label: string } | null;
  bound: boolean;
  /** The no-footprint option: chosen, and whether the point course lets it apply now. */
  footprints: { hidden: boolean; course: boolean };
  /** A (deco-)mail when a message arrives; `mail` must be verified for it to be sent. */
  mailNotify: boolean;
  notice?: string;
  error?: string;
}

export function settingsPage(v: SettingsView): Page {
  return {
    title: '設定',
    blocks: [
      v.notice ? para(v.notice) : null,
      v.error ? para(`※${v.error}`) : null,
      heading('アカウント'),
      para(`ニックネーム: ${v.nickname}`),
      para(`メール: ${v.mail ?? '未確認'}`),
      hr(),
      heading('かんたんログイン設定'),
      v.bindings.length ? v.bindings.map((b) => [para(`登録済み: ${b.label}`)]) : para('登録されている端末はありません。'),
      v.here && !v.bound && v.canBind
        ? form(
            { action: '/settings/easy-login', subscriberId: true },
            para(`この端末(${v.here.label})を登録します。確認のためパスワードを入力してください。`),
            hidden('op', 'bind'),
            passwordField('パスワード', 'password'),
            submit('登録する'),
          )
        : null,
      v.here && !v.bound && !v.canBind ? para('携帯電話会社の回線から端末情報が届いたときに、この端末を登録できます。') : null,
      v.here && v.bound
        ? form(
            { action: '/settings/easy-login' },
            para(`この端末(${v.here.label})の登録を解除します。`),
            hidden('op', 'unbind'),
            passwordField('パスワード', 'password'),
            submit('解除する'),
          )
        : null,
      hr(),
      heading('メール通知'),
      form(
        { action: '/settings/mail-notify' },
        para(v.mailNotify ? 'メッセージが届いたらデコメールでお知らせします。' : 'メッセージが届いてもメールは送りません。'),
        hidden('on', v.mailNotify ? '0' : '1'),
        submit(v.mailNotify ? 'お知らせを止める' : 'お知らせを受け取る'),
      ),
      hr(),
      heading('足あと'),
      v.footprints.course
        ? form(
            { action: '/settings/footprints' },
            para(v.footprints.hidden ? '今は足あとを残さずに訪問します。' : '今は訪問すると足あとが残ります。'),
            hidden('hide', v.footprints.hidden ? '0' : '1'),
            submit(v.footprints.hidden ? '足あとを残す' : '足あとを残さない'),
          )
        : [para('ポイントコースをご利用中の方は、足あとを残さずに訪問できます。'), link('/course', 'ポイントコース'), h('br')],
      hr(),
      menuItem('/settings/profile', 'プロフィール・表示の設定', '2'),
      menuItem('/settings/photo', 'プロフィール写真', '3'),
      menuItem('/settings/blog', '外部ブログの取り込み', '4'),
      menuItem('/settings/mail-post', 'メール投稿'),
      menuItem('/invite', '友だちを招待', '1'),
      menuItem('/settings/nickname', 'ニックネームの変更'),
      menuItem('/settings/password', 'パスワードの変更'),
      menuItem('/settings/mail', 'メールアドレスの変更'),
      menuItem('/blocks', 'ブロックしたメンバー'),
      menuItem('/settings/withdraw', '退会'),
      h('br'),
    ],
    footer: [link('/', 'トップへ', { key: '0' })],
  };
}

export function invitePage(code: string | null, link_: string | null, mail: { sentTo?: string; value?: string; errors?: Record<string, string> } = {}): Page {
  return {
    title: '友だちを招待',
    blocks: [
      mail.sentTo ? para(`${mail.sentTo} に招待メールを送りました(30日間・1回有効)。登録すると、あなたとマイミクになります。`) : null,
      code
        ? [para(`招待コード: ${code}`), para('このコードを友だちに伝えてください(30日間・1回有効)。'), link_ ? link(link_, '登録ページ') : null]
        : form({ action: '/invite' }, para('招待コードを発行します。'), submit('発行する')),
      hr(),
      errorList(mail.errors),
      form({ action: '/invite/mail' }, textField('友だちのメールアドレス(携帯・パソコン)', { name: 'mail', value: mail.value ?? '', size: 20, maxlength: 255, mode: 'alphabet' }), submit('招待メールを送る')),
      para('友だちが招待から登録すると、あなたとマイミクになります。'),
    ],
    footer: [link('/', 'トップへ', { key: '0' })],
  };
}

export function outboundPage(url: string): Page {
  return {
    title: '外部サイトへ移動',
    blocks: [para('足あとの外のサイトへ移動します。'), para(url), hr(), link(url, 'このサイトへ進む', { key: '1', direct: true })],
    footer: [link('/', 'トップへ戻る', { key: '0' })],
  };
}
