import { as, code, defineKeyButton, defineRect, defineVariableText, doAction, movie, placeObject, showFrame } from './swf.js';

/** SWF key codes: ASCII for printable keys; 13 is the centre (enter) key. */
const KEY_5 = 53;
const KEY_ENTER = 13;

/**
 * 「5連打」: press the 5 key (or the centre key) as often as possible in `seconds`; the count
 * and time left show on screen; at the end the movie opens `submitUrl` + score. A Flash Lite 1.1
 * movie (SWF 4), generated per play so each carries its own one-time score address.
 */
export function mashGameSwf(o: { submitUrl: string; seconds: number; width: number; height: number }): Buffer {
  const ms = o.seconds * 1000;
  const end = code(as.push(o.submitUrl, 'score'), as.getVariable(), as.stringAdd(), as.push(''), as.getUrl2(), as.stop());
  const tick = code(
    as.push('elapsed'), as.getTime(), as.push('start'), as.getVariable(), as.subtract(), as.setVariable(),
    as.push('disp', 'score'), as.getVariable(), as.push(' hits / '), as.stringAdd(),
    as.push(o.seconds, 'elapsed'), as.getVariable(), as.push(1000), as.divide(), as.toInteger(), as.subtract(), as.stringAdd(),
    as.push(' s'), as.stringAdd(), as.setVariable(),
    as.push('elapsed'), as.getVariable(), as.push(ms), as.less(), as.ifSkip(end.length),
    end,
  );
  const hit = code(as.push('score', 'score'), as.getVariable(), as.push(1), as.add(), as.setVariable());
  const w = o.width;
  const h = o.height;
  return movie({ width: w, height: h, fps: 12, frames: 3, background: [0xff, 0xf4, 0xe0] }, [
    defineRect(1, w, Math.round(h / 3), [0xff, 0x99, 0x33]),
    defineKeyButton(2, 1, [{ key: KEY_5, code: hit }, { key: KEY_ENTER, code: hit }]),
    defineVariableText(3, w - 10, 40, 'disp', 'Press 5!'),
    placeObject(2, 1, 0, Math.round((h * 2) / 3)),
    placeObject(3, 2, 5, 10),
    doAction(code(as.push('start'), as.getTime(), as.setVariable(), as.push('score', 0), as.setVariable(), as.push('disp', 'Press 5!'), as.setVariable())),
    showFrame(),
    doAction(tick),
    showFrame(),
    doAction(code(as.gotoFrame(1), as.play())),
    showFrame(),
  ]);
}
