import { transcoderFor } from '../emoji/index.js';

/** Throughput of page encoding and form decoding, MB/s of output/input bytes. */
export function codecFigures(): { name: string; mbPerS: number }[] {
  const line = '今日はマイミクのみんなと渋谷で表示ソフトの能力テストをしました。ｶﾀｶﾅも混ぜます。ABC 123\n';
  const text = line.repeat(2000);
  const sjis = transcoderFor('docomo-sjis', 'Shift_JIS');
  const bytes = sjis.encode(text);
  const out: { name: string; mbPerS: number }[] = [];
  const time = (name: string, size: number, fn: () => void) => {
    for (let i = 0; i < 20; i++) fn();
    const start = process.hrtime.bigint();
    let n = 0;
    while (process.hrtime.bigint() - start < 1_000_000_000n) {
      fn();
      n++;
    }
    const s = Number(process.hrtime.bigint() - start) / 1e9;
    out.push({ name, mbPerS: (size * n) / s / 1e6 });
  };
  time('Shift_JIS encode (page text)', bytes.length, () => sjis.encode(text));
  time('Shift_JIS decode (strict)', bytes.length, () => sjis.decode(bytes));
  return out;
}
