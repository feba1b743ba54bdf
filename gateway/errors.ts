import type { Context } from 'hono';
import type { AppEnv } from './env.js';
import { sendPage } from './render.js';
import { link, para } from '../templates/components.js';
import { h } from '../templates/html.js';
import { DomainError, type DomainErrorCode } from '../core/errors.js';
import { isConnectionLost, isRetryable } from '../db/util.js';

/** A bare text response, for requests refused before the handset is known (foreign Host). */
export function plainError(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=UTF-8', 'Cache-Control': 'no-store' } });
}

/** An error page in the handset's markup and encoding, with the request id for support. */
export function errorPage(c: Context<AppEnv>, status: number, title: string, message: string): Response {
  if (!c.get('device') || !c.get('render')) return plainError(status, `${title}: ${message}`);
  return sendPage(
    c,
    {
      title,
      blocks: [para(message), h('br'), para(`(お問い合わせ番号: ${c.get('requestId')})`)],
      footer: [link('/', 'トップへ', { key: '0' })],
    },
    status,
  );
}

const DOMAIN_PAGES: Record<DomainErrorCode, [number, string, string]> = {
  invalid_input: [400, '入力内容を確認してください', '入力内容に誤りがあります。'],
  invalid_credentials: [401, 'ログインできません', 'ログインIDかパスワードが違います。'],
  pending_verification: [403, 'メール確認がまだです', '登録時に送ったメールのURLを開いて、登録を完了してください。'],
  account_suspended: [403, 'ご利用いただけません', 'このアカウントは利用停止中です。'],
  invitation_invalid: [400, '招待コードが無効です', '招待コードが無効か、期限切れです。'],
  login_taken: [409, 'ログインIDが使われています', '別のログインIDを選んでください。'],
  too_young: [403, 'ご登録いただけません', '年齢の条件を満たしていないため、登録できません。'],
  subscriber_already_bound: [409, '登録できません', 'この端末は別のアカウントに登録されています。'],
  subscriber_not_bound: [404, '登録されていません', 'この端末は登録されていません。'],
  token_invalid: [400, 'URLが無効です', 'このURLは無効か、期限切れか、すでに使われています。'],
  already_friends: [409, 'すでにマイミクです', 'この人とはすでにマイミクです。'],
  request_pending: [409, '申請中です', 'マイミク申請はすでに送っています。返事をお待ちください。'],
  forbidden: [403, '操作できません', 'この操作はできません。'],
  not_found: [404, 'ページが見つかりません', 'お探しのページは見つからないか、表示できません。'],
  course_active: [409, 'ご登録済みです', 'ポイントコースはすでにご利用中です。'],
  course_not_active: [409, 'ご利用できません', 'ポイントコースをご利用中の方だけの機能です。'],
  course_unavailable: [403, 'お申し込みできません', 'ポイントコースは携帯電話(docomo・au・SoftBank・WILLCOM)からお申し込みください。'],
  billing_rejected: [422, '処理できません', 'お支払いの処理ができませんでした。'],
  conflict: [503, 'ただいま混み合っています', 'しばらくしてからもう一度お試しください。'],
  insufficient_points: [409, 'ポイントが足りません', 'ポイントが足りません。'],
  rate_limited: [429, 'しばらくお待ちください', '短い時間に何度も試されたため、しばらくの間ご利用いただけません。'],
};

export function domainErrorPage(c: Context<AppEnv>, e: DomainError): Response {
  const [status, title, message] = DOMAIN_PAGES[e.code];
  return errorPage(c, status, title, message);
}

/**
 * Last resort: logs the error with the request id; the member sees a page, never a stack.
 * When the database does not answer, the page says "busy" (503) rather than "error" (500).
 */
export function errorHandler(store: { ping(): Promise<boolean> }) {
  return async function onError(err: Error, c: Context<AppEnv>): Promise<Response> {
    if (err instanceof DomainError) return domainErrorPage(c, err);
    c.get('log')?.error({ err }, 'unhandled error');
    // A database server lost mid-request (a cluster node died; the next request goes to another),
    // or a statement outside a transaction refused as a whole (a Galera certification conflict, a
    // lock wait, a node leaving the cluster: isRetryable) — busy, try again; not an error page.
    if (isConnectionLost(err) || isRetryable(err)) return errorPage(c, 503, 'ただいま混み合っています', 'しばらくしてからもう一度お試しください。');
    try {
      return (await store.ping())
        ? errorPage(c, 500, 'エラーが発生しました', '申し訳ありません。しばらくしてからもう一度お試しください。')
        : errorPage(c, 503, 'ただいま混み合っています', 'しばらくしてからもう一度お試しください。');
    } catch {
      return plainError(500, 'Internal error');
    }
  };
}
