import { errorList, form, heading, hr, link, para, submit, textBlock, textField } from '../components.js';
import { h, type Child } from '../html.js';
import type { Page } from '../layout.js';

/** A banner as a handset shows it: the image scaled to its screen, linking to the click counter. */
export interface BannerView {
  href: string;
  src: string;
  width: number;
  height: number;
  alt: string;
}

export function banner(b: BannerView): Child {
  return h('div', { align: 'center' }, link(b.href, h('img', { src: b.src, width: b.width, height: b.height, alt: b.alt })), h('br'), h('small', null, 'PR'));
}

/** The login jack: the campaign greets the member, and the top page is always one key away. */
export function jackPage(b: BannerView, corner: string | null): Page {
  return {
    title: 'おしらせ',
    blocks: [banner(b), corner ? link(corner, 'キャンペーンページへ', { key: '1' }) : null, hr(), link('/', 'トップページへ進む', { key: '0' })],
  };
}

export interface CornerView {
  id: number;
  title: string;
  body: string;
  banner: Child;
  chapters: { id: number; title: string }[];
  signup: { question: string; done: boolean; answer?: string; errors?: Record<string, string> } | null;
}

export function cornerPage(v: CornerView): Page {
  return {
    title: v.title,
    blocks: [
      v.banner,
      textBlock(v.body),
      hr(),
      heading('連載'),
      v.chapters.length ? v.chapters.map((c, i) => [link(`/ads/corners/${v.id}/chapters/${c.id}`, `第${i + 1}話 ${c.title}`), h('br')]) : para('まもなく公開です。'),
      v.signup ? [hr(), heading('応募フォーム'), signupForm(v.id, v.signup)] : null,
    ],
    footer: [link('/', 'トップへ', { key: '0' })],
  };
}

function signupForm(id: number, s: NonNullable<CornerView['signup']>): Child {
  if (s.done) return para('ご応募ありがとうございました。');
  return form(
    { action: `/ads/corners/${id}/signup` },
    errorList(s.errors),
    textField(s.question, { name: 'answer', value: s.answer ?? '', size: 20, maxlength: 200 }),
    // Consent is a box the member ticks; nothing is sent to the advertiser without it.
    h('input', { type: 'checkbox', name: 'consent', value: '1' }),
    '回答とニックネームを広告主に渡すことに同意します(携帯の個体識別番号は渡しません)',
    h('br'),
    submit('応募する'),
  );
}

export function chapterPage(cornerId: number, cornerTitle: string, title: string, body: string): Page {
  return {
    title: `${cornerTitle} ${title}`,
    blocks: [heading(title), textBlock(body)],
    footer: [link(`/ads/corners/${cornerId}`, 'キャンペーンページへ', { key: '9' }), h('br'), link('/', 'トップへ', { key: '0' })],
  };
}
