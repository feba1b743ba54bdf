import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import type { Page } from '../../templates/layout.js';
import { blogPage } from '../../templates/pages/profile.js';
import { feature, type Feature } from './feature.js';
import { memberId } from './shared.js';

type Extra = { error?: string; notice?: string; url?: string };

/** Importing an external blog into the diary: the feed's settings, and importing now. */
export function blogRoutes(s: Services): Feature {
  const f = feature({ auth: 'member' });
  const page = async (c: Context<AppEnv>, extra: Extra = {}): Promise<Page> => {
    const feed = await s.blog.feed(memberId(c));
    return blogPage({ url: extra.url ?? feed?.url ?? '', lastFetchedAt: feed?.lastFetchedAt ?? null, lastError: feed?.lastError ?? null, ...extra });
  };

  f.get('/settings/blog', async (c) => sendPage(c, await page(c)));
  f.post('/settings/blog', async (c) => {
    const op = c.get('form').get('op');
    if (op === 'remove') {
      await s.blog.removeFeed(memberId(c));
      return sendPage(c, await page(c, { notice: '登録を解除しました。' }));
    }
    if (op === 'import') {
      const added = await s.blog.importNow(memberId(c));
      return sendPage(c, await page(c, { notice: `${added}件の記事を取り込みました。` }));
    }
    const url = c.get('form').get('url') ?? '';
    return handleForm(c, {
      act: async () => {
        await s.blog.setFeed(memberId(c), url);
        return sendPage(c, await page(c, { notice: '登録しました。' }));
      },
      rerender: (r) => page(c, { error: r.message, url }),
    });
  });

  return f;
}
