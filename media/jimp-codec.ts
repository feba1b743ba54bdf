import { Jimp } from 'jimp';
import type { ImageCodec } from '../core/photos.js';

const QUALITY = 70;

/** ImageCodec on jimp (pure JavaScript: nothing to compile or download). */
export const jimpCodec: ImageCodec = {
  async normalize(bytes, maxSide) {
    const img = await Jimp.read(Buffer.from(bytes));
    const { width, height } = img.bitmap;
    if (!width || !height) throw new Error('empty image');
    if (Math.max(width, height) > maxSide) {
      if (width >= height) img.resize({ w: maxSide });
      else img.resize({ h: maxSide });
    }
    // Re-encoding drops every metadata block, the location a phone camera wrote included.
    const jpeg = await img.getBuffer('image/jpeg', { quality: QUALITY });
    return { jpeg, width: img.bitmap.width, height: img.bitmap.height };
  },
  async resize(jpeg, width) {
    const img = await Jimp.read(jpeg);
    img.resize({ w: width });
    return img.getBuffer('image/jpeg', { quality: QUALITY });
  },
};
