import type { DeviceProfile } from '../carriers/index.js';
import { PhotoService, type ImageFit } from '../core/photos/service.js';
import type { PhotoRecord } from '../core/photos/ports.js';

/** How one photo appears on this handset: inline at a width its page budget allows, or as a link. */
export function photoView(device: DeviceProfile, p: PhotoRecord): { src: string; width: number; height: number; inline: boolean } {
  // PCs and smartphones get the largest variant; their stylesheet scales it to the column (a
  // 390 px phone draws it sharp at 2x, a PC at full size).
  const inline = device.markup === 'html5' ? 480 : PhotoService.inlineWidth(device.screenWidth, device.maxPageBytes);
  const width = inline ?? 240;
  const shown = Math.min(width, p.width);
  return { src: `/photos/${p.id}/${width}`, width: shown, height: Math.round((p.height * shown) / p.width), inline: inline !== null };
}

/**
 * What one image may be for this handset: handsets of the smallest pages (5–10 KB, the first
 * i-mode generations) show GIF only; any image must leave room in the handset's download budget
 * for the page around it.
 */
export function imageFit(device: DeviceProfile): ImageFit {
  return { gif: device.maxPageBytes <= 10 * 1024, maxBytes: Math.max(device.maxPageBytes - 2048, 1024) };
}
