import { converterFor, transcoderFor } from '../emoji/index.js';
import { emojiTables, type PictogramCarrier } from '../emoji/tables.js';
import type { Charset, EmojiForm } from '../carriers/index.js';

const FORMS: [string, EmojiForm, Charset, PictogramCarrier | null][] = [
  ['docomo', 'docomo-sjis', 'Shift_JIS', 'docomo'],
  ['au', 'au-sjis', 'Shift_JIS', 'au'],
  ['softbank', 'softbank-utf8', 'UTF-8', 'softbank'],
  ['pc', 'unicode', 'UTF-8', null],
];

/**
 * The clock, in nanoseconds: wall time (the default), or with BENCH_CLOCK=cpu this process's CPU
 * time (all its threads), for a machine busy with other work, whose wall time counts the
 * neighbours' share of the cores too.
 */
const now: () => bigint =
  process.env.BENCH_CLOCK === 'cpu'
    ? () => {
        const u = process.cpuUsage();
        return BigInt(u.user + u.system) * 1000n;
      }
    : () => process.hrtime.bigint();

/**
 * MB/s of `size` bytes per call: the best of five runs of ~150 ms after warming up (this machine
 * shares its cores; the best run is the one least disturbed by neighbours).
 */
function rate(size: number, fn: () => void): number {
  for (let i = 0; i < 30; i++) fn();
  let best = 0;
  for (let r = 0; r < 5; r++) {
    const start = now();
    let n = 0;
    while (now() - start < 150_000_000n) {
      fn();
      n++;
    }
    best = Math.max(best, (size * n) / (Number(now() - start) / 1e9) / 1e6);
  }
  return best;
}

/** A diary-like Japanese text in which about 3% of characters are the carrier's pictograms. */
function mixedText(carrier: PictogramCarrier | null, chars = 200_000): string {
  const t = emojiTables();
  const pool = [...t.pictograms[carrier ?? 'docomo'].values()].map((p) => p.internal);
  const words = ['今日は', 'マイミクの', 'みんなと', '渋谷で', 'ランチ', 'しました', '。', '表示', 'ソフト', '能力', 'ｶﾗｵｹ', 'も', '楽しかった', '！', '\n', '明日', 'は', '10時', 'から'];
  let s = '';
  let i = 0;
  while (s.length < chars) {
    s += words[(i * 7 + 3) % words.length];
    if (i % 11 === 0) s += pool[(i * 13) % pool.length];
    i++;
  }
  return s;
}

/** Throughput of conversion between every carrier pair, and of page encoding, MB/s of input. */
export function codecFigures(): { name: string; mbPerS: number }[] {
  const out: { name: string; mbPerS: number }[] = [];
  for (const [from, fForm, fCs, fCarrier] of FORMS) {
    const source = transcoderFor(fForm, fCs);
    const bytes = source.encode(mixedText(fCarrier));
    const internal = source.decode(bytes);
    out.push({ name: `decode ${from} (bytes → stored)`, mbPerS: rate(bytes.length, () => source.decode(bytes)) });
    for (const [to, tForm, tCs] of FORMS) {
      const target = transcoderFor(tForm, tCs);
      // Bytes → bytes as a relay would: Shift_JIS sources through the direct converter (emoji/direct.ts).
      const convert = converterFor(fForm, fCs, tForm, tCs);
      out.push({ name: `convert ${from} → ${to}`, mbPerS: rate(bytes.length, () => convert(bytes)) });
      // The same through the stored text, as the gateway does between a form post and a page.
      if (fForm === 'docomo-sjis' && (tForm === 'au-sjis' || tForm === 'softbank-utf8')) {
        out.push({ name: `decode + encode ${from} → ${to}`, mbPerS: rate(bytes.length, () => target.encode(source.decode(bytes))) });
      }
      // Stored text → every receiver, measured once (with the first row's text).
      if (fForm === FORMS[0]![1]) out.push({ name: `encode stored → ${to}`, mbPerS: rate(Buffer.byteLength(internal), () => target.encode(internal)) });
    }
  }
  const page = '<div><a href="/members/1?sid=abc" accesskey="1">[1]日記</a><br>今日はマイミクと表示ソフトの能力テスト。ｶﾀｶﾅもあります</div>\n'.repeat(500);
  const sjis = transcoderFor('docomo-sjis', 'Shift_JIS');
  const pageBytes = sjis.encode(page);
  out.push({ name: 'Shift_JIS page encode (no pictograms)', mbPerS: rate(pageBytes.length, () => sjis.encode(page)) });
  out.push({ name: 'Shift_JIS page decode (strict)', mbPerS: rate(pageBytes.length, () => sjis.decode(pageBytes)) });
  return out;
}

if (process.argv[1]?.endsWith('codec.ts')) for (const f of codecFigures()) console.log(f.name.padEnd(40), `${f.mbPerS.toFixed(0)} MB/s`.padStart(10));
