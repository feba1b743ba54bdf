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
