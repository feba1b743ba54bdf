/** A member's own account: password, reset, mail address, nickname, leaving (退会). */
import { errorList, form, heading, hidden, hr, link, menuItem, para, passwordField, submit, textBlock, textField } from '../components.js';
import { h, type Child } from '../html.js';
import type { Page } from '../layout.js';

const back: Child[] = [link('/settings', '設定へ', { key: '9' }), ' ', link('/', 'トップへ', { key: '0' })];
const guestBack: Child[] = [link('/login', 'ログイン', { key: '1' }), ' ', link('/', 'トップへ', { key: '0' })];
type Errors = Record<string, string> | undefined;

export function passwordChangePage(errors?: Errors, done = false): Page {
  return {
    title: 'パスワードの変更',
    blocks: [
      done ? para('パスワードを変更しました。ほかの端末はログアウトしました。') : null,
      errorList(errors),
      form({ action: '/settings/password' }, passwordField('現在のパスワード', 'current'), passwordField('新しいパスワード(8文字以上)', 'password'), passwordField('新しいパスワード(確認)', 'password2'), submit('変更する')),
      para(link('/password/reset', 'パスワードを忘れた場合')),
    ],
    footer: back,
  };
}

export function resetRequestPage(value = '', errors?: Errors, sent = false): Page {
  return {
    title: 'パスワードの再設定',
    blocks: sent
      ? [para('登録されているメールアドレスあてに、再設定用のURLを送りました(登録があり、メールアドレスの確認が済んでいる場合)。1時間以内に開いてください。'), para('メールが届かない場合は、迷惑メールの設定(ドメイン指定受信)をご確認ください。')]
      : [para('ログインIDか、登録したメールアドレスを入力してください。確認済みのメールアドレスに再設定用のURLを送ります。'), errorList(errors), form({ action: '/password/reset' }, textField('ログインIDかメールアドレス', { name: 'who', value, size: 20, maxlength: 255, mode: 'alphabet' }), submit('送信する'))],
    footer: guestBack,
  };
}

export function resetFormPage(token: string, nickname: string, errors?: Errors): Page {
  return {
    title: '新しいパスワード',
    blocks: [para(`${nickname}さんの新しいパスワードを入力してください。`), errorList(errors), form({ action: '/password/reset/new' }, hidden('token', token), passwordField('新しいパスワード(8文字以上)', 'password'), passwordField('新しいパスワード(確認)', 'password2'), submit('設定する'))],
    footer: guestBack,
  };
}

export function resetDonePage(): Page {
  return { title: 'パスワードを再設定しました', blocks: [para('新しいパスワードでログインしてください。すべての端末はログアウトしました。'), menuItem('/login', 'ログイン', '1')], footer: guestBack };
}

export function mailChangePage(current: string | null, o: { value?: string; errors?: Errors; sentTo?: string } = {}): Page {
  return {
    title: 'メールアドレスの変更',
    blocks: [
      para(`現在のアドレス: ${current ?? '(未登録)'}`),
      o.sentTo ? para(`${o.sentTo} に確認のメールを送りました。メールのURLを開くと変更が完了します(24時間有効)。`) : null,
      errorList(o.errors),
      form({ action: '/settings/mail' }, textField('新しいメールアドレス(携帯のアドレスも使えます)', { name: 'mail', value: o.value ?? '', size: 20, maxlength: 255, mode: 'alphabet' }), passwordField('現在のパスワード', 'current'), submit('確認メールを送る')),
    ],
    footer: back,
  };
}

export function mailVerifyPage(token: string, nickname: string, mail: string): Page {
  return { title: 'メールアドレスの変更', blocks: [para(`${nickname}さんのメールアドレスを ${mail} に変更します。`), form({ action: '/mail/verify' }, hidden('token', token), submit('変更する'))], footer: [link('/', 'トップへ', { key: '0' })] };
}

export function mailVerifiedPage(): Page {
  return { title: 'メールアドレスを変更しました', blocks: [para('新しいメールアドレスを登録しました。')], footer: [link('/', 'トップへ', { key: '0' })] };
}

export function nicknamePage(value: string, errors?: Errors, done = false): Page {
  return {
    title: 'ニックネームの変更',
    blocks: [done ? para('ニックネームを変更しました。') : null, errorList(errors), form({ action: '/settings/nickname' }, textField('ニックネーム(20文字まで)', { name: 'nickname', value, size: 16, maxlength: 20, mode: 'hiragana' }), submit('変更する')), para('変更は1日3回までです。')],
    footer: back,
  };
}

/** What leaving does to the member's data: the privacy text (README "Leaving"). */
export const WITHDRAWAL_PRIVACY = [
  '退会すると、次のデータは削除され、元に戻せません。',
  '・日記(コメント・写真を含む)、ほかの人の日記に書いたコメント',
  '・アルバムと写真、プロフィール、エコー',
  '・送ったメッセージと受け取ったメッセージ',
  '・マイミク、ブックマーク、紹介文、足あと、ブロック、ゲームのランキング、キャンペーンへの応募',
  '・メール投稿用アドレス、かんたんログインの登録、ログイン中のすべての端末',
  'コミュニティは退会し(管理人の場合はほかの参加者に引き継がれます)、コミュニティに書いたトピックとコメントは、ほかの参加者の書き込みの番号を保つため、本文を消して「退会したメンバー」の書き込みとして残ります。',
  'ニックネームは「退会したメンバー」になり、メールアドレスと生年月日は消去します。ログインIDは、ほかの人が同じIDで成りすまさないよう再利用できなくします。',
  'ポイントの残高は失効します。ポイントとポイントコースの利用記録は、会計と法令上の保存のため、氏名やメールアドレスと結びつかない形で保管します。',
].join('\n');

export function withdrawPage(o: { courseActive: boolean; course?: 'points' | 'premium'; errors?: Errors }): Page {
  const [name, path] = o.course === 'premium' ? ['プレミアム', '/premium'] : ['ポイントコース', '/course'];
  return {
    title: '退会',
    blocks: [
      heading('退会する前に'),
      textBlock(WITHDRAWAL_PRIVACY),
      hr(),
      o.courseActive
        ? [para(h('b', null, `${name}をご利用中のため、まだ退会できません。`)), para(`先にご利用の携帯電話会社(ドコモ・au・ソフトバンク)のサイトで${name}を解約してください。解約が済むと、ここから退会できます。`), menuItem(path, name, '1')]
        : [
            para('ポイントコース・プレミアムをご利用の場合は、先に携帯電話会社で解約が必要です(現在、ご利用中のコースはありません)。'),
            errorList(o.errors),
            form({ action: '/settings/withdraw' }, h('input', { type: 'checkbox', name: 'confirm', value: '1' }), '上の内容を確認し、退会します', h('br'), passwordField('パスワード', 'current'), submit('退会する')),
          ],
    ],
    footer: back,
  };
}

export function withdrawnPage(): Page {
  return { title: '退会しました', blocks: [para('退会の手続きが完了しました。これまで足あとをご利用いただき、ありがとうございました。'), para('登録していたメールアドレスに、お知らせのメールを送りました。')], footer: [link('/', 'トップへ', { key: '0' })] };
}
