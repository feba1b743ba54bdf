import { Jimp } from 'jimp';

/**
 * A friendly generated portrait for demo members (no real person's photo ships with the code):
 * a soft two-colour background, a round face with hair, eyes, cheeks and a smile. `hue` (0–360)
 * gives each member their own colours.
 */
export async function demoAvatarPng(hue: number, size = 240): Promise<Buffer> {
  const img = new Jimp({ width: size, height: size, color: 0xffffffff });
  const [br, bg, bb] = hsl(hue, 0.55, 0.8);
  const [tr, tg, tb] = hsl(hue, 0.6, 0.62);
  const [hr, hg, hb] = hsl((hue + 20) % 360, 0.45, 0.25);
  const c = size / 2;
  const face = size * 0.3;
  img.scan(0, 0, size, size, (x, y, idx) => {
    const t = y / size;
    // Background: a vertical blend with a paler top.
    let rgb: [number, number, number] = [br + (tr - br) * t, bg + (tg - bg) * t, bb + (tb - bb) * t];
    const dx = x - c;
    const dy = y - c * 1.05;
    const d = Math.hypot(dx, dy);
    // Shoulders.
    if (((x - c) / (size * 0.42)) ** 2 + ((y - size * 1.02) / (size * 0.28)) ** 2 <= 1) rgb = [tr * 0.7, tg * 0.7, tb * 0.7];
    // Hair behind and on top of the face.
    if (Math.hypot(dx, dy + face * 0.12) <= face * 1.12 && y < c * 1.05 + face * 0.2) rgb = [hr, hg, hb];
    if (d <= face) {
      rgb = [252, 222, 196];
      if (dy < -face * 0.45 && Math.abs(dx) < face * 0.95) rgb = [hr, hg, hb]; // fringe
      // Eyes.
      for (const ex of [-0.38, 0.38]) if (Math.hypot(dx - ex * face, dy + face * 0.05) <= face * 0.09) rgb = [50, 40, 40];
      // Cheeks.
      for (const ex of [-0.55, 0.55]) if (Math.hypot(dx - ex * face, dy - face * 0.25) <= face * 0.13) rgb = [250, 180, 170];
      // Smile: a thick lower arc.
      const m = Math.hypot(dx, dy - face * 0.18);
      if (dy > face * 0.25 && m >= face * 0.3 && m <= face * 0.38) rgb = [200, 80, 80];
    }
    img.bitmap.data[idx] = Math.round(rgb[0]);
    img.bitmap.data[idx + 1] = Math.round(rgb[1]);
    img.bitmap.data[idx + 2] = Math.round(rgb[2]);
  });
  return img.getBuffer('image/png');
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [f(0) * 255, f(8) * 255, f(4) * 255];
}
