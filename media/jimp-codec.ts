import { IMAGE_LIMITS, ImageRefused, type ImageCodec } from '../core/photos/service.js';
import { probeImage, ProbeError, type ImageInfo } from './image-probe.js';

const QUALITY = 70;

type Limits = { readonly maxPixels: number; readonly maxFrames: number; readonly maxScans: number; readonly maxWaiting: number };

/** The header probe and the budget, before any decoder sees the bytes. */
export function admit(bytes: Uint8Array, limits: Limits = IMAGE_LIMITS): ImageInfo {
  let info: ImageInfo;
  try {
    info = probeImage(bytes);
  } catch (e) {
    if (e instanceof ProbeError) throw new ImageRefused(e.reason);
    throw e;
  }
  if (info.width * info.height > limits.maxPixels || info.largestFramePixels > limits.maxPixels) throw new ImageRefused('too_many_pixels');
  if (info.frames > limits.maxFrames) throw new ImageRefused('too_many_frames');
  if (info.scans > limits.maxScans) throw new ImageRefused('too_many_scans');
  return info;
}

let jimp: Promise<typeof import('jimp')> | undefined;
/**
 * jimp, loaded on first use: it is the heaviest module the gateway has (a third of a second to load),
 * and a start, a test file or a process that handles no image never needs it.
 */
export function loadJimp(): Promise<typeof import('jimp')> {
  return (jimp ??= import('jimp'));
}

/** Decodes bytes the probe admitted; the decoder must see the same format and size. */
async function decode(bytes: Uint8Array, limits: Limits) {
  const info = admit(bytes, limits);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { Jimp } = await loadJimp();
  // jpeg-js has limits of its own: the same budget, as a second line.
  const img = await Jimp.read(buf, { 'image/jpeg': { maxResolutionInMP: limits.maxPixels / 1_000_000, maxMemoryUsageInMB: 256 } });
  const { width, height } = img.bitmap;
  // EXIF orientation may have turned the image a quarter: compare sides either way round.
  const same = (width === info.width && height === info.height) || (width === info.height && height === info.width);
  if (img.mime !== info.mime || !same) throw new ImageRefused('malformed');
  return img;
}

/**
 * One decode at a time: jimp's work is synchronous between its awaits, so interleaved decodes
 * would only hold several bitmaps at once. A bounded queue waits; beyond it, 'busy'.
 */
function oneAtATime(maxWaiting: number) {
  let tail: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  return async function run<T>(work: () => Promise<T>): Promise<T> {
    if (waiting >= maxWaiting + 1) throw new ImageRefused('busy');
    waiting++;
    const turn = tail.then(work, work);
    tail = turn.catch(() => {});
    try {
      return await turn;
    } finally {
      waiting--;
    }
  };
}

/**
 * ImageCodec on jimp (pure JavaScript: nothing to compile or download). Only JPEG, PNG, GIF
 * and BMP are decoded, each after its headers passed the probe and the budget.
 */
export function createJimpCodec(limits: Limits = IMAGE_LIMITS): ImageCodec {
  const queue = oneAtATime(limits.maxWaiting);
  return {
    async normalize(bytes, maxSide) {
      admit(bytes, limits); // refused at once, without queueing
      return queue(async () => {
        const img = await decode(bytes, limits);
        const { width, height } = img.bitmap;
        if (Math.max(width, height) > maxSide) {
          if (width >= height) img.resize({ w: maxSide });
          else img.resize({ h: maxSide });
        }
        // Re-encoding drops every metadata block, the location a phone camera wrote included.
        const jpeg = await img.getBuffer('image/jpeg', { quality: QUALITY });
        return { jpeg, width: img.bitmap.width, height: img.bitmap.height };
      });
    },
    async resize(jpeg, width) {
      admit(jpeg, limits);
      return queue(async () => {
        const img = await decode(jpeg, limits);
        img.resize({ w: width });
        return img.getBuffer('image/jpeg', { quality: QUALITY });
      });
    },
    async toGif(jpeg, width) {
      admit(jpeg, limits);
      return queue(async () => {
        const img = await decode(jpeg, limits);
        if (width < img.bitmap.width) img.resize({ w: width });
        return img.getBuffer('image/gif');
      });
    },
  };
}

export const jimpCodec: ImageCodec = createJimpCodec();
