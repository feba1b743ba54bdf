import { admit, loadJimp } from './jimp-codec.js';

/**
 * An ad creative narrowed for a handset's screen, in its own format (a GIF stays a GIF: older
 * handsets show GIF only). Checked by the image probe before decoding, as every upload is.
 */
export async function resizeBanner(bytes: Uint8Array, mime: string, width: number): Promise<Uint8Array> {
  admit(bytes);
  const { Jimp } = await loadJimp();
  const img = await Jimp.fromBuffer(Buffer.from(bytes));
  img.resize({ w: width });
  const out = mime === 'image/gif' ? await img.getBuffer('image/gif') : mime === 'image/png' ? await img.getBuffer('image/png') : await img.getBuffer('image/jpeg', { quality: 80 });
  return new Uint8Array(out);
}
