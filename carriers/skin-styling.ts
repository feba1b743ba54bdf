/**
 * How a handset's browser takes a page design (mixi Collection skins), in one place so nothing
 * outside carriers/ asks which carrier it is. cHTML (i-mode, J-PHONE/SoftBank 2G, Willcom
 * without Opera, au HDML-era) knows only `<body bgcolor text link vlink>`; the XHTML browsers of
 * au (Openwave, WAP CSS), SoftBank 3G (NetFront, WAP CSS) and Willcom's Opera read an embedded
 * style sheet, background images included; PC/smartphone browsers read full CSS.
 */
import type { DeviceProfile } from './carrier.js';

export interface SkinStyling {
  /** body-attributes: colours as `<body>` attributes; style-element: a `<style>` sheet in `<head>`. */
  form: 'body-attributes' | 'style-element';
  /** Whether a tiled background image is shown (else only colours and the header image). */
  backgroundImage: boolean;
  /** `type="text/css"` on the style element (XHTML-MP browsers want it; HTML5 does not need it). */
  typedStyle: boolean;
}

export function skinStyling(d: DeviceProfile): SkinStyling {
  if (d.markup === 'chtml') return { form: 'body-attributes', backgroundImage: false, typedStyle: false };
  if (d.markup === 'html5') return { form: 'style-element', backgroundImage: true, typedStyle: false };
  switch (d.carrier) {
    case 'au': // Openwave WAP CSS: background-color, color, background-image with repeat.
    case 'softbank': // 3G NetFront: WAP CSS in a style element.
    case 'willcom': // Opera: CSS.
      return { form: 'style-element', backgroundImage: true, typedStyle: true };
    default: // docomo i-XHTML before browser 2.0 took inline styles only: colours as attributes are safest.
      return { form: 'body-attributes', backgroundImage: false, typedStyle: false };
  }
}

/**
 * How this browser shows a decorated message's effects: colour and size by `<font>` (cHTML) or
 * CSS; blink and marquee as tags where the browser had them (i-mode from the 502i, J-PHONE and
 * SoftBank 3G), as au's Openwave CSS (`text-decoration:blink`, `display:-wap-marquee`), Opera's
 * marquee tag on Willcom, and not at all on PCs and smartphones (plain text there).
 */
export interface DecoEffects {
  font: 'tag' | 'css';
  blink: 'tag' | 'css' | null;
  marquee: 'tag' | 'wap-css' | null;
}

export function decoEffects(d: DeviceProfile): DecoEffects {
  if (d.markup === 'html5') return { font: 'css', blink: null, marquee: null };
  switch (d.carrier) {
    case 'au':
      return d.markup === 'chtml' ? { font: 'tag', blink: null, marquee: null } : { font: 'css', blink: 'css', marquee: 'wap-css' };
    case 'willcom':
      return { font: d.markup === 'chtml' ? 'tag' : 'css', blink: null, marquee: 'tag' };
    case 'docomo': // i-mode HTML 1.0 (501i, 5 KB pages) had neither; 2.0 (502i) on had both.
      return d.maxPageBytes <= 5 * 1024 ? { font: 'tag', blink: null, marquee: null } : { font: 'tag', blink: 'tag', marquee: 'tag' };
    default:
      return { font: d.markup === 'chtml' ? 'tag' : 'css', blink: 'tag', marquee: 'tag' };
  }
}
