import { as, code } from './swf.js';
import { gameMovie } from './game-movie.js';

/** SWF key codes: ASCII for printable keys; 13 is the centre (enter) key. */
const KEY_5 = 53;
const KEY_ENTER = 13;

/** 「5連打」: press the 5 key (or the centre key) as often as possible in the time. */
export function mashGameSwf(o: { submitUrl: string; resultUrl: string; seconds: number; width: number; height: number }): Buffer {
  const hit = code(as.push('score', 'score'), as.getVariable(), as.push(1), as.add(), as.setVariable());
  return gameMovie({
    ...o,
    background: [0xff, 0xf4, 0xe0],
    colour: [0xff, 0x99, 0x33],
    init: Buffer.alloc(0),
    status: code(as.push('score'), as.getVariable(), as.push('回'), as.stringAdd()),
    unit: '回',
    ready: '5キーを連打!',
    keys: [{ key: KEY_5, play: hit }, { key: KEY_ENTER, play: hit }],
  });
}
