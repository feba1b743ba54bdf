import { as, code, defineKeyButton, defineRect, defineVariableText, doAction, movie, placeObject, showFrame } from './swf.js';

/**
 * 「数字タッチ」: a digit shows; press that key for a point, and the next digit shows. Wrong keys
 * score nothing. After `seconds` the movie opens `submitUrl` + score. Flash Lite 1.1 (SWF 4).
 */
export function numberGameSwf(o: { submitUrl: string; seconds: number; width: number; height: number }): Buffer {
  const ms = o.seconds * 1000;
  const end = code(as.push(o.submitUrl, 'score'), as.getVariable(), as.stringAdd(), as.push(''), as.getUrl2(), as.stop());
  const tick = code(
    as.push('elapsed'), as.getTime(), as.push('start'), as.getVariable(), as.subtract(), as.setVariable(),
    as.push('disp', 'Press '), as.push('target'), as.getVariable(), as.stringAdd(),
    as.push('  '), as.stringAdd(), as.push('score'), as.getVariable(), as.stringAdd(), as.push(' pts / '), as.stringAdd(),
    as.push(o.seconds, 'elapsed'), as.getVariable(), as.push(1000), as.divide(), as.toInteger(), as.subtract(), as.stringAdd(),
    as.push(' s'), as.stringAdd(), as.setVariable(),
    as.push('elapsed'), as.getVariable(), as.push(ms), as.less(), as.ifSkip(end.length),
    end,
  );
  const next = code(as.push('target', 10), as.random(), as.setVariable());
  const keys = Array.from({ length: 10 }, (_, k) => {
    const hit = code(as.push('score', 'score'), as.getVariable(), as.push(1), as.add(), as.setVariable(), next);
    return { key: 48 + k, code: code(as.push('target'), as.getVariable(), as.push(k), as.equals(), as.not(), as.ifSkip(hit.length), hit) };
  });
  const w = o.width;
  const h = o.height;
  return movie({ width: w, height: h, fps: 12, frames: 3, background: [0xe8, 0xf4, 0xff] }, [
    defineRect(1, w, Math.round(h / 3), [0x33, 0x99, 0xff]),
    defineKeyButton(2, 1, keys),
    defineVariableText(3, w - 10, 40, 'disp', 'Ready'),
    placeObject(2, 1, 0, Math.round((h * 2) / 3)),
    placeObject(3, 2, 5, 10),
    doAction(code(as.push('start'), as.getTime(), as.setVariable(), as.push('score', 0), as.setVariable(), next, as.push('disp', 'Ready'), as.setVariable())),
    showFrame(),
    doAction(tick),
    showFrame(),
    doAction(code(as.gotoFrame(1), as.play())),
    showFrame(),
  ]);
}
