import { errorList, form, hr, link, para, passwordField, submit, textField } from '../components.js';
import { h } from '../html.js';
import type { Page } from '../layout.js';

export interface RegisterView {
  values: Record<string, string>;
  errors?: Record<string, string>;
  minAge: number;
}

export function registerPage(v: RegisterView): Page {
  const e = v.errors ?? {};
  const val = (k: string) => v.values[k] ?? '';
  return {
    title: '新規登録',
    blocks: [
      para(`足あとは招待制です。${v.minAge}歳以上の方が登録できます。`),
      errorList(e, 'form'),
      form(
        { action: '/register' },
        textField('招待コード', { name: 'code', value: val('code'), mode: 'alphabet', maxlength: 32 }, e.code),
        textField('ニックネーム(20文字まで)', { name: 'nickname', value: val('nickname'), mode: 'hiragana', maxlength: 20 }, e.nickname),
        textField('生年月日(例 19900401)', { name: 'birthDate', value: val('birthDate'), mode: 'numeric', maxlength: 10, size: 10 }, e.birthDate),
        textField('ログインID(半角英数字3〜20文字)', { name: 'login', value: val('login'), mode: 'alphabet', maxlength: 20 }, e.login),
        passwordField('パスワード(8文字以上)', 'password', e.password),
        textField('メールアドレス', { name: 'mail', value: val('mail'), mode: 'alphabet', maxlength: 255 }, e.mail),
        submit('登録する'),
      ),
      hr(),
      para('確認メールが届きます。携帯電話でドメイン指定受信をしている方は、このサイトのドメインからのメールを受け取れるように設定してください。'),
    ],
    footer: [link('/', 'トップへ', { key: '0' })],
  };
}

export function registerSentPage(mail: string, carrierMailHint: string | null): Page {
  return {
    title: '確認メールを送りました',
    blocks: [
      para(`${mail} に確認メールを送りました。メールのURLを開くと登録が完了します(24時間有効)。`),
      carrierMailHint ? [h('br'), para(carrierMailHint)] : null,
    ],
    footer: [link('/', 'トップへ', { key: '0' })],
  };
}
