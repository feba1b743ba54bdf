/**
 * Member-written text for the generated set, with pictograms in their stored form (emoji/README:
 * the Unicode emoji where one is paired with the carrier pictogram, else a plane-15 code point),
 * taken from the generated tables so every carrier's pictograms appear as handsets would post them.
 */
import { emojiTables, PICTOGRAM_CARRIERS } from '../../emoji/tables.js';
import type { Rng } from './rng.js';

let pool: string[] | null = null;

/** Stored forms of every carrier's pictograms, in a fixed order (docomo's first, then au, SoftBank). */
export function pictogramPool(): readonly string[] {
  if (pool) return pool;
  const t = emojiTables();
  pool = PICTOGRAM_CARRIERS.flatMap((c) => [...t.pictograms[c].values()].sort((a, b) => a.pua - b.pua).map((p) => p.internal));
  return pool;
}

/** Mostly the everyday pictograms (the first docomo ones: weather, hearts, food), sometimes any. */
export function pictogram(rng: Rng): string {
  const all = pictogramPool();
  return rng.chance(0.7) ? all[rng.int(Math.min(80, all.length))]! : all[rng.int(all.length)]!;
}

const SENTENCES = [
  '今日は朝から雨でした', '駅前の新しいカフェに行ってきました', 'バイトの帰りにマイミクとカラオケ', '明日はテストなので勉強します',
  '新しいケータイに機種変しました', '週末は実家に帰ります', 'ランチはオムライスでした', '部活の練習がきつかった',
  '久しぶりに映画を見ました', '渋谷で買い物してきました', '夜ごはんはカレーです', '友だちの誕生日パーティーでした',
  '電車が遅れて大変でした', 'ライブのチケットが取れました', '犬の散歩に行ってきました', '今週は忙しくてバタバタ',
  '桜がきれいに咲いていました', '海に行きたいなあ', 'ゲームのランキングで1位になりました', '眠いのでもう寝ます',
];
const TITLES = ['今日のできごと', 'ひさしぶり', '機種変', 'ランチ', 'おでかけ', '雨の日', 'テスト前', 'ライブ', '週末', 'ただいま', 'お知らせ', 'つぶやき'];
const COMMENTS = ['いいね！', 'おつかれさま', 'うらやましい〜', 'また遊ぼうね', 'どこのお店？', 'わかる！', '今度つれてって', 'がんばって', 'おもしろそう', 'ありがとう'];
const SUBJECTS = ['こんにちは', '週末のこと', 'ひさしぶり', 'お礼', '明日の予定', 'Re: 写真', 'おすすめ'];
const GIVEN = ['たろう', 'はなこ', 'ゆうき', 'さくら', 'けんた', 'あやか', 'しょう', 'みさき', 'だいすけ', 'なつみ', 'りょう', 'まい', 'ひろし', 'えり', 'こうじ', 'ゆか'];
const DECOR = ['', '', '', '☆', '★', '♪', '＊', '@', 'っち', 'りん'];
export const AREAS = ['東京都', '大阪府', '神奈川県', '愛知県', '福岡県', '北海道', '埼玉県', '千葉県', '兵庫県', '京都府', '宮城県', '広島県', '沖縄県'];
const COMMUNITY_NAMES = ['ケータイ好き', 'カレー部', 'ラーメン同好会', '猫が好き', '犬が好き', '映画の話', 'サッカー部', '野球観戦', 'カラオケ', '写真部', 'ゲーム好き', '読書会', '朝型人間', '夜更かし部', '旅行好き'];
const TOPICS = ['自己紹介トピ', '雑談スレ', 'おすすめ教えて', 'オフ会の相談', '質問トピ', '今日の一枚', '初心者です', 'ニュース'];

/** Sometimes a pictogram after the text (about one character in thirty is a pictogram overall). */
const deco = (rng: Rng, p: number) => (rng.chance(p) ? pictogram(rng) : '');

export function nickname(rng: Rng): string {
  return `${rng.pick(GIVEN)}${rng.pick(DECOR)}`;
}

export function diaryTitle(rng: Rng): string {
  return `${rng.pick(TITLES)}${deco(rng, 0.6)}`;
}

export function diaryBody(rng: Rng): string {
  const lines = rng.between(2, 7);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(`${rng.pick(SENTENCES)}${deco(rng, 0.5)}${rng.chance(0.3) ? `${deco(rng, 1)}` : ''}`);
  return out.join('\n');
}

export function comment(rng: Rng): string {
  return `${rng.pick(COMMENTS)}${deco(rng, 0.5)}`;
}

export function messageSubject(rng: Rng): string {
  return `${rng.pick(SUBJECTS)}${deco(rng, 0.3)}`;
}

export function messageBody(rng: Rng): string {
  return `${rng.pick(SENTENCES)}${deco(rng, 0.6)}\n${rng.pick(COMMENTS)}`;
}

export function echoBody(rng: Rng): string {
  return `${rng.pick(SENTENCES)}${deco(rng, 0.6)}`;
}

export function intro(rng: Rng): string {
  return `${rng.pick(SENTENCES)}。よろしくお願いします${deco(rng, 0.7)}`;
}

export function communityName(rng: Rng, n: number): string {
  return `${rng.pick(COMMUNITY_NAMES)}${n}${deco(rng, 0.5)}`;
}

export function topicTitle(rng: Rng): string {
  return `${rng.pick(TOPICS)}${deco(rng, 0.4)}`;
}
