import { as, code, ifElse } from './swf.js';
import { gameMovie } from './game-movie.js';

/** 「数字タッチ」: a digit shows; pressing that key scores and shows the next. Wrong keys score nothing. */
export function numberGameSwf(o: { submitUrl: string; resultUrl: string; seconds: number; width: number; height: number }): Buffer {
  const next = code(as.push('target', 10), as.random(), as.setVariable());
  const hit = code(as.push('score', 'score'), as.getVariable(), as.push(1), as.add(), as.setVariable(), next);
  return gameMovie({
    ...o,
    background: [0xe8, 0xf4, 0xff],
    colour: [0x33, 0x99, 0xff],
    init: next,
    status: code(as.push('「'), as.push('target'), as.getVariable(), as.stringAdd(), as.push('」を押して!  '), as.stringAdd(), as.push('score'), as.getVariable(), as.stringAdd(), as.push('回'), as.stringAdd()),
    unit: '回',
    ready: '表示された数字のキーを押して!',
    keys: Array.from({ length: 10 }, (_, k) => ({
      key: 48 + k,
      play: ifElse(code(as.push('target'), as.getVariable(), as.push(k), as.equals()), hit, Buffer.alloc(0)),
    })),
  });
}
