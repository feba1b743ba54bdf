import { form, heading, hidden, hr, link, para, submit } from '../components.js';
import { h } from '../html.js';
import type { Page } from '../layout.js';

/** The member's secret posting addresses, with how to use them and a way to re-issue. */
export function mailPostPage(v: { verifiedMail: string | null; addresses: { target: string; label: string; address: string }[]; notice?: string }): Page {
  return {
    title: 'メール投稿',
    blocks: [
      v.notice ? para(v.notice) : null,
      v.verifiedMail === null
        ? para('メール投稿には、確認済みのケータイのメールアドレスが必要です。')
        : [
            para(`${v.verifiedMail} から下のアドレスにメールを送ると投稿できます。件名がタイトル、本文が本文、添付の写真(3枚まで・2MBまで)が写真になります。`),
            ...v.addresses.map((a) => [
              heading(a.label),
              link(`mailto:${a.address}`, a.address),
              h('br'),
              form({ action: '/settings/mail-post' }, hidden('target', a.target), submit('アドレスを変更する')),
            ]),
            para('アドレスは他の人に教えないでください。変更すると古いアドレスには送れなくなります。'),
          ],
      hr(),
    ],
    footer: [link('/settings', '設定'), h('br'), link('/', 'トップへ', { key: '0' })],
  };
}
