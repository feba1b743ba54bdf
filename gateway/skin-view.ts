import type { Context } from 'hono';
import type { DeviceProfile } from '../carriers/index.js';
import { skinStyling } from '../carriers/skin-styling.js';
import { SKIN_WIDTHS } from '../core/collection/service.js';
import type { Skin, SkinArea } from '../core/collection/ports.js';
import type { ImageFit } from '../core/photos/service.js';
import type { Page, PageSkin } from '../templates/layout.js';
import type { AppEnv } from './env.js';
import type { Services } from './services.js';

/** Pages of at least this size show a header image (below it, colours only: the first i-mode handsets). */
const IMAGE_PAGES_FROM = 12 * 1024;

/**
 * What a skin image may weigh on this handset: a page counts its images in its size, so the
 * header takes at most an eighth of the page and the background tile a sixteenth; GIF where the
 * handset shows no JPEG.
 */
export function skinImageFit(device: DeviceProfile, slot: 'header' | 'background'): ImageFit {
  return { gif: device.maxPageBytes <= 10 * 1024, maxBytes: Math.floor(device.maxPageBytes / (slot === 'header' ? 8 : 16)) };
}

/** The widest served width within the handset's screen. */
function widthFor(device: DeviceProfile): number {
  return [...SKIN_WIDTHS].reverse().find((w) => w <= device.screenWidth) ?? SKIN_WIDTHS[0];
}

/** A catalogue design as this handset's page wears it. */
export function pageSkin(device: DeviceProfile, skin: Skin): PageSkin {
  const images = device.maxPageBytes >= IMAGE_PAGES_FROM;
  const w = widthFor(device);
  return {
    bgColor: skin.bgColor,
    textColor: skin.textColor,
    linkColor: skin.linkColor,
    accent: skin.accent,
    header: images && skin.images.includes('header') ? { src: `/skins/${skin.id}/header/${w}` } : null,
    background: images && skinStyling(device).backgroundImage && skin.images.includes('background') ? `/skins/${skin.id}/background/${SKIN_WIDTHS[0]}` : null,
  };
}

/** The page dressed in the design its owner put on that area (every visitor sees it). */
export async function skinned(c: Context<AppEnv>, s: Services, ownerId: number, area: SkinArea, page: Page): Promise<Page> {
  const skin = await s.collection.worn(ownerId, area);
  return skin ? { ...page, skin: pageSkin(c.get('device'), skin) } : page;
}
