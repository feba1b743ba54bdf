import { form, heading, hr, link, menuItem, para, passwordField, submit, textField } from '../components.js';
import { h } from '../html.js';
import type { Page } from '../layout.js';

export interface WelcomeView {
  /** This handset's carrier offers easy login (and it is not a crawler). */
  easyLogin: boolean;
  carrierLabel: string;
}

export function welcomePage(v: WelcomeView): Page {
  return {
    title: 'ようこそ',
    blocks: [
      para('足あとは、友だちと日記や足あとでつながるケータイSNSです。'),
      hr(),
      v.easyLogin ? [easyLoginLink(`かんたんログイン(${v.carrierLabel})`, '1'), h('br')] : null,
      menuItem('/login', 'ID・パスワードでログイン', '2'),
      menuItem('/register', '招待コードで新規登録', '3'),
      hr(),
      para('足あとは招待制です。友だちから届いた招待コードで登録できます。'),
    ],
  };
}

/** Easy-login links must ask the carrier for the subscriber ID (docomo: guid=ON). */
export function easyLoginLink(label: string, key?: string) {
  return link('/login/easy', label, { subscriberId: true, ...(key ? { key } : {}) });
}

export interface LoginView {
  login?: string;
  error?: string;
  easyLogin: boolean;
}

export function loginPage(v: LoginView): Page {
  return {
    title: 'ログイン',
    blocks: [
      v.error ? para(`※${v.error}`) : null,
      form(
        { action: '/login', subscriberId: true },
        textField('ログインID', { name: 'login', value: v.login, mode: 'alphabet', maxlength: 32 }),
        passwordField('パスワード', 'password'),
        submit('ログイン'),
      ),
      v.easyLogin ? [hr(), easyLoginLink('かんたんログイン', '1'), h('br')] : null,
      hr(),
      menuItem('/register', '招待コードで新規登録', '3'),
      menuItem('/password/reset', 'パスワードを忘れた場合', '4'),
    ],
    footer: [link('/', 'トップへ', { key: '0' })],
  };
}

export type EasyLoginRefusal = 'unsupported' | 'no_id' | 'not_gateway' | 'not_bound' | 'crawler' | 'suspended';

const REFUSALS: Record<EasyLoginRefusal, [string, string]> = {
  unsupported: ['かんたんログインは使えません', 'この端末ではかんたんログインを利用できません。ID・パスワードでログインしてください。'],
  crawler: ['かんたんログインは使えません', 'かんたんログインは携帯電話からのみ利用できます。'],
  no_id: ['端末情報が届きませんでした', '携帯電話の「契約者情報(端末情報)の送信」を許可してから、もう一度お試しください。'],
  not_gateway: ['かんたんログインは使えません', '携帯電話会社の回線からのアクセスではないため、かんたんログインは利用できません。'],
  suspended: ['ご利用いただけません', 'このアカウントは利用停止中です。ご不明な点は、足あと事務局までお問い合わせください。'],
  not_bound: ['この端末は未登録です', 'ID・パスワードでログインし、設定画面の「かんたんログイン設定」でこの端末を登録してください。'],
};

export function easyLoginRefusedPage(reason: EasyLoginRefusal): Page {
  const [title, message] = REFUSALS[reason];
  return {
    title,
    blocks: [para(message), hr(), menuItem('/login', 'ID・パスワードでログイン', '2')],
    footer: [link('/', 'トップへ', { key: '0' })],
  };
}

export function messagePage(title: string, message: string, next?: { href: string; label: string }): Page {
  return {
    title,
    blocks: [heading(title), para(message), next ? [hr(), menuItem(next.href, next.label, '1')] : null],
    footer: [link('/', 'トップへ', { key: '0' })],
  };
}

