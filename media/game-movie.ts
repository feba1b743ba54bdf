import { as, code, defineKeyButton, defineRect, defineVariableText, doAction, ifElse, movie, placeObject, showFrame, varIs } from './swf.js';

/**
 * What every game movie shares. Its text is Japanese, written in Shift_JIS by media/swf.ts as
 * Japanese handsets' Flash Lite reads it. Flash Lite 1.1 lets a movie reach the network only right after
 * a key press, so the end is three presses of any game key: the time is up (state 1: "[5] send"),
 * the score goes to the server by loadVariables (state 2), whose answer sets `state=3` and a
 * line to show, and the next press opens the result page.
 */
export interface GameMovie {
  /** The score address; the score is appended. */
  submitUrl: string;
  resultUrl: string;
  seconds: number;
  width: number;
  height: number;
  background: [number, number, number];
  colour: [number, number, number];
  /** Sets the game's own variables at the start. */
  init: Buffer;
  /** Leaves the line to show while playing on the stack. */
  status: Buffer;
  /** The score's unit (回, 点). */
  unit: string;
  /** The first line shown, until the first tick. */
  ready: string;
  /** Game keys (SWF key codes) and what each does while playing. */
  keys: { key: number; play: Buffer }[];
}

const PLAYING = 0;
const TIME_UP = 1;
const SENDING = 2;
const ANSWERED = 3;

export function gameMovie(g: GameMovie): Buffer {
  const ms = g.seconds * 1000;
  const timeUp = code(
    as.push('state', TIME_UP), as.setVariable(),
    as.push('disp', 'score'), as.getVariable(), as.push(g.unit), as.stringAdd(), as.push(' 時間切れ!\rキーを押すと記録を送ります'), as.stringAdd(), as.setVariable(),
    as.stop(),
  );
  const tick = code(
    as.push('elapsed'), as.getTime(), as.push('start'), as.getVariable(), as.subtract(), as.setVariable(),
    as.push('disp'), g.status, as.push('\r残り'), as.stringAdd(),
    as.push(g.seconds, 'elapsed'), as.getVariable(), as.push(1000), as.divide(), as.toInteger(), as.subtract(), as.stringAdd(),
    as.push('秒'), as.stringAdd(), as.setVariable(),
    as.push('elapsed'), as.getVariable(), as.push(ms), as.less(), as.ifSkip(timeUp.length),
    timeUp,
  );
  const send = code(
    as.push('state', SENDING), as.setVariable(),
    as.push('disp', '送信中…'), as.setVariable(),
    as.push(g.submitUrl, 'score'), as.getVariable(), as.stringAdd(), as.push('_level0'), as.loadVariables(),
  );
  const result = code(as.push(g.resultUrl, ''), as.getUrl2());
  const afterPlay = ifElse(varIs('state', TIME_UP), send, ifElse(varIs('state', ANSWERED), result, Buffer.alloc(0)));
  const keys = g.keys.map((k) => ({ key: k.key, code: ifElse(varIs('state', PLAYING), k.play, afterPlay) }));
  const w = g.width;
  const h = g.height;
  return movie({ width: w, height: h, fps: 12, frames: 3, background: g.background }, [
    defineRect(1, w, Math.round(h / 3), g.colour),
    defineKeyButton(2, 1, keys),
    // The upper two thirds show the text (wrapped, several lines); the lower third is the key area.
    defineVariableText(3, w - 10, Math.round((h * 2) / 3) - 12, 'disp', g.ready),
    placeObject(2, 1, 0, Math.round((h * 2) / 3)),
    placeObject(3, 2, 5, 10),
    doAction(code(as.push('start'), as.getTime(), as.setVariable(), as.push('state', PLAYING), as.setVariable(), as.push('score', 0), as.setVariable(), g.init, as.push('disp', g.ready), as.setVariable())),
    showFrame(),
    doAction(tick),
    showFrame(),
    doAction(code(as.gotoFrame(1), as.play())),
    showFrame(),
  ]);
}
