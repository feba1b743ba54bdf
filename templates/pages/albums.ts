import { errorList, form, heading, hr, link, para, select, submit, textArea, textBlock, textField } from '../components.js';
import { h, type Child } from '../html.js';
import type { Page } from '../layout.js';
import { dateTime } from '../format.js';
import { VISIBILITY_LABELS } from './diary.js';

type Who = { id: number; nickname: string };
/** A photo as this handset shows it: inline at a width its page allows, or a link. */
export type PhotoShown = { src: string; width: number; height: number; inline: boolean };
export interface AlbumSummary {
  id: number;
  title: string;
  photoCount: number;
  updatedAt: number;
  cover: PhotoShown | null;
}

const TOP: Child[] = [link('/', 'トップへ', { key: '0' })];
const picture = (p: PhotoShown, alt: string): Child => (p.inline ? h('img', { src: p.src, width: p.width, height: p.height, alt }) : link(p.src, `${alt}を見る`));

export function albumListPage(v: { owner: Who; albums: AlbumSummary[]; mine: boolean; page: number; more: boolean }): Page {
  return {
    title: `${v.owner.nickname}さんのフォトアルバム`,
    blocks: [
      v.mine ? [link('/albums/new', 'アルバムを作る'), h('br')] : null,
      v.albums.length
        ? v.albums.map((a) => h('div', null, a.cover ? [picture(a.cover, '表紙'), h('br')] : null, link(`/albums/${a.id}`, a.title), ` (${a.photoCount}枚) ${dateTime(a.updatedAt)}`))
        : para('アルバムはまだありません。'),
      v.page > 1 ? link(`/members/${v.owner.id}/albums?page=${v.page - 1}`, '前へ') : null,
      v.more ? [' ', link(`/members/${v.owner.id}/albums?page=${v.page + 1}`, '次へ')] : null,
    ],
    footer: [link(`/members/${v.owner.id}`, `${v.owner.nickname}さん`), h('br'), ...TOP],
  };
}

export function albumFormPage(v: { values: { title?: string; description?: string; visibility?: string }; errors?: Record<string, string>; albumId?: number }): Page {
  const e = v.errors ?? {};
  return {
    title: v.albumId ? 'アルバムを編集' : 'アルバムを作る',
    blocks: [
      errorList(e.form ? { form: e.form } : undefined),
      form(
        { action: v.albumId ? `/albums/${v.albumId}/edit` : '/albums/new' },
        textField('タイトル', { name: 'title', value: v.values.title ?? '', maxlength: 50 }, e.title),
        textArea('説明', { name: 'description', value: v.values.description ?? '', rows: 3 }, e.description),
        select('公開範囲', 'visibility', VISIBILITY_LABELS, v.values.visibility ?? 'friends', e.visibility),
        submit(v.albumId ? '保存する' : '作る'),
      ),
    ],
    footer: TOP,
  };
}

export function albumPage(v: { album: AlbumSummary & { description: string; memberId: number }; owner: Who; photos: { id: number; caption: string; shown: PhotoShown }[]; mine: boolean; page: number; more: boolean }): Page {
  const a = v.album;
  return {
    title: a.title,
    blocks: [
      para(link(`/members/${v.owner.id}`, v.owner.nickname), ` ${a.photoCount}枚`),
      a.description ? textBlock(a.description) : null,
      v.mine ? [link(`/albums/${a.id}/photos/new`, '写真を追加'), ' ', link(`/albums/${a.id}/edit`, '編集'), h('br')] : null,
      hr(),
      v.photos.length
        ? v.photos.map((p, i) => h('div', null, picture(p.shown, `写真${i + 1}`), h('br'), link(`/albums/${a.id}/photos/${p.id}`, p.caption || '詳細')))
        : para('写真はまだありません。'),
      v.page > 1 ? link(`/albums/${a.id}?page=${v.page - 1}`, '前へ') : null,
      v.more ? [' ', link(`/albums/${a.id}?page=${v.page + 1}`, '次へ')] : null,
      v.mine ? [hr(), form({ action: `/albums/${a.id}/delete` }, submit('アルバムを削除する'))] : null,
    ],
    footer: [link(`/members/${v.owner.id}/albums`, 'アルバム一覧'), h('br'), ...TOP],
  };
}

export function albumPhotoPage(v: {
  albumId: number;
  albumTitle: string;
  photoId: number;
  caption: string;
  shown: PhotoShown;
  isCover: boolean;
  mine: boolean;
  me: number | null;
  comments: { id: number; author: Who; body: string; createdAt: number; canDelete: boolean }[];
  commentValue?: string;
  commentError?: string;
}): Page {
  const base = `/albums/${v.albumId}/photos/${v.photoId}`;
  return {
    title: v.caption || v.albumTitle,
    blocks: [
      h('div', null, picture(v.shown, '写真')),
      v.caption ? para(v.caption) : null,
      v.mine
        ? [
            form({ action: `${base}/caption` }, textField('コメント', { name: 'caption', value: v.caption, maxlength: 100 }), submit('変更')),
            v.isCover ? para('(表紙の写真)') : form({ action: `${base}/cover` }, submit('表紙にする')),
            form({ action: `${base}/delete` }, submit('写真を削除する')),
          ]
        : null,
      hr(),
      heading('コメント'),
      v.comments.length
        ? v.comments.map((c) => [
            link(`/members/${c.author.id}`, c.author.nickname),
            ` ${dateTime(c.createdAt)}`,
            textBlock(c.body),
            c.canDelete ? form({ action: `${base}/comments/${c.id}/delete` }, submit('削除')) : null,
          ])
        : para('コメントはまだありません。'),
      v.me !== null ? form({ action: `${base}/comments` }, textArea('コメントする', { name: 'body', value: v.commentValue ?? '', rows: 2 }, v.commentError), submit('書き込む')) : null,
    ],
    footer: [link(`/albums/${v.albumId}`, v.albumTitle), h('br'), ...TOP],
  };
}

export function albumUploadPage(v: { albumId: number; count: number; max: number; caption?: string; error?: string }): Page {
  return {
    title: '写真を追加',
    blocks: [
      para(`写真 ${v.count}/${v.max}枚`),
      v.error ? para(`※${v.error}`) : null,
      form(
        { action: `/albums/${v.albumId}/photos/new`, upload: true },
        h('input', { type: 'file', name: 'photo' }),
        h('br'),
        textField('コメント', { name: 'caption', value: v.caption ?? '', maxlength: 100 }),
        submit('追加する'),
      ),
      para('ケータイのメールからも投稿できます(設定→メール投稿)。'),
    ],
    footer: [link(`/albums/${v.albumId}`, 'アルバムに戻る'), h('br'), ...TOP],
  };
}
