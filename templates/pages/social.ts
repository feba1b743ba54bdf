import { errorList, form, heading, hidden, hr, link, menuItem, para, submit, textArea, textBlock, textField } from '../components.js';
import { h, type Child } from '../html.js';
import type { Page, PageSkin } from '../layout.js';
import { dateTime, dayLabel, timeOfDay } from '../format.js';

const TOP: Child[] = [link('/', 'トップへ', { key: '0' })];
type Who = { id: number; nickname: string };

export function footprintsPage(list: { visitor: Who; visitedAt: number }[]): Page {
  const blocks: Child[] = [];
  let day = '';
  for (const f of list) {
    const label = dayLabel(f.visitedAt);
    if (label !== day) {
      blocks.push(heading(label));
      day = label;
    }
    blocks.push([`${timeOfDay(f.visitedAt)} `, link(`/members/${f.visitor.id}`, f.visitor.nickname), h('br')]);
  }
  return { title: '足あと', blocks: blocks.length ? blocks : [para('まだ足あとはありません。')], footer: TOP };
}

export function friendRequestFormPage(to: Who, value: string, error?: string): Page {
  return {
    title: 'マイミク申請',
    blocks: [
      para(`${to.nickname}さんにマイミク申請をします。`),
      form({ action: `/members/${to.id}/friend-request` }, textArea('メッセージ(任意)', { name: 'message', value, rows: 3 }, error), submit('申請する')),
    ],
    footer: [link(`/members/${to.id}`, `${to.nickname}さん`), h('br'), ...TOP],
  };
}

export function friendRequestsPage(requests: { id: number; from: Who; message: string; createdAt: number }[], suggestions: { who: Who; shared: number }[], notice?: string): Page {
  return {
    title: 'マイミク申請',
    blocks: [
      notice ? para(notice) : null,
      requests.length
        ? requests.map((r) => [
            link(`/members/${r.from.id}`, r.from.nickname),
            ` ${dateTime(r.createdAt)}`,
            r.message ? textBlock(r.message) : h('br'),
            form({ action: `/friends/requests/${r.id}` }, hidden('op', 'accept'), submit('承認する')),
            form({ action: `/friends/requests/${r.id}` }, hidden('op', 'decline'), submit('お断りする')),
            hr(),
          ])
        : para('届いているマイミク申請はありません。'),
      suggestions.length ? [heading('友人かも?'), ...suggestions.map((s) => [link(`/members/${s.who.id}`, s.who.nickname), ` (共通のマイミク${s.shared}人)`, h('br')])] : null,
    ],
    footer: TOP,
  };
}

export type Box = 'inbox' | 'sent' | 'trash';
const BOX_LABEL: Record<Box, string> = { inbox: '受信箱', sent: '送信済み', trash: 'ゴミ箱' };

export function messagesPage(box: Box, list: { id: number; other: Who; subject: string; unread: boolean; createdAt: number }[]): Page {
  return {
    title: `メッセージ ${BOX_LABEL[box]}`,
    blocks: [
      para(
        ...(['inbox', 'sent', 'trash'] as const).map((b, i) => [i ? ' | ' : '', b === box ? BOX_LABEL[b] : link(b === 'inbox' ? '/messages' : `/messages?box=${b}`, BOX_LABEL[b])]),
      ),
      hr(),
      list.length
        ? list.map((m) => [m.unread ? '●' : '', link(`/messages/${m.id}`, m.subject), ` ${m.other.nickname} ${dateTime(m.createdAt)}`, h('br')])
        : para('メッセージはありません。'),
      hr(),
      link('/messages/search', 'メッセージ検索(プレミアム)'),
      ' | ',
      link('/messages/templates', 'デコメテンプレート'),
    ],
    footer: TOP,
  };
}

export function messageViewPage(m: { id: number; subject: string; body: string; createdAt: number; from: Who; to: Who }, incoming: boolean, inTrash: boolean, decorated?: { content: Child; skin?: PageSkin }): Page {
  return {
    title: m.subject,
    ...(decorated?.skin ? { skin: decorated.skin } : {}),
    blocks: [
      heading(m.subject),
      para(incoming ? ['差出人: ', link(`/members/${m.from.id}`, m.from.nickname)] : ['宛先: ', link(`/members/${m.to.id}`, m.to.nickname)]),
      para(dateTime(m.createdAt)),
      hr(),
      decorated ? decorated.content : textBlock(m.body),
      hr(),
      incoming ? menuItem(`/messages/new?to=${m.from.id}&reply=${m.id}`, '返信する', '1') : null,
      form({ action: `/messages/${m.id}/discard` }, submit(inTrash ? '完全に削除' : 'ゴミ箱へ')),
    ],
    footer: [link('/messages', '受信箱'), h('br'), ...TOP],
  };
}

export function messageFormPage(to: Who, values: { subject: string; body: string }, errors: Record<string, string> = {}): Page {
  return {
    title: 'メッセージを書く',
    blocks: [
      para(`宛先: ${to.nickname}さん`),
      errorList(errors, 'form'),
      form(
        { action: '/messages/new' },
        hidden('to', String(to.id)),
        textField('件名', { name: 'subject', value: values.subject, mode: 'hiragana', maxlength: 50 }, errors.subject),
        textArea('本文', { name: 'body', value: values.body, rows: 5 }, errors.body),
        submit('送信する'),
      ),
    ],
    footer: TOP,
  };
}

export function friendsDiaryPage(entries: { id: number; title: string; author: Who; createdAt: number }[], page: number, hasMore: boolean): Page {
  return {
    title: 'マイミクの最新日記',
    blocks: [
      entries.length ? entries.map((e) => [link(`/diary/${e.id}`, e.title), ` (${e.author.nickname}) ${dateTime(e.createdAt)}`, h('br')]) : para('まだありません。'),
      page > 1 || hasMore
        ? para(page > 1 ? link(`/friends/diary?page=${page - 1}`, '前へ', { key: '*' }) : null, ' ', hasMore ? link(`/friends/diary?page=${page + 1}`, '次へ', { key: '#' }) : null)
        : null,
    ],
    footer: TOP,
  };
}

export function myDiaryCommentsPage(comments: { entryId: number; author: Who; body: string; createdAt: number }[]): Page {
  return {
    title: '日記への新着コメント',
    blocks: [
      comments.length
        ? comments.map((c) => [link(`/diary/${c.entryId}`, c.body.length > 30 ? `${[...c.body].slice(0, 30).join('')}…` : c.body), ` (${c.author.nickname}) ${dateTime(c.createdAt)}`, h('br')])
        : para('コメントはまだありません。'),
    ],
    footer: TOP,
  };
}

/** The members this one blocked: named only here, each with the way to unblock. */
export function blocksPage(list: Who[]): Page {
  return {
    title: 'ブロックしたメンバー',
    blocks: [
      para('ブロックしたメンバーとは、お互いにプロフィール・日記・マイミク・メッセージなどが見えません。'),
      hr(),
      list.length
        ? list.map((m) => [m.nickname, form({ action: `/members/${m.id}/block` }, hidden('op', 'unblock'), submit('ブロックを解除')), hr()])
        : para('ブロックしているメンバーはいません。'),
    ],
    footer: [link('/settings', '設定'), h('br'), ...TOP],
  };
}
