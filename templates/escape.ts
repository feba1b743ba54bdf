/**
 * The one HTML escaper: pages, page titles, deco-mail, pictogram names, the emulator. It has no
 * imports, so every layer that writes markup (templates, emoji, mail, gateway) may use it.
 */
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes on Unicode text, before encoding: a Shift_JIS trail byte 0x5C (表, ソ, 能) never
 * exists at this stage, so it cannot be mistaken for markup or a backslash.
 */
export function escapeHtml(s: string): string {
  return /[&<>"']/.test(s) ? s.replace(/[&<>"']/g, (c) => ESC[c]!) : s;
}
