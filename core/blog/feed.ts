import { parseStringPromise } from 'xml2js';
import { htmlToText } from '../html-text.js';

export { htmlToText };

/** Items of a feed looked at (in document order), and converted to text (the newest). */
export const FEED_ITEMS_SCANNED = 200;
export const FEED_ITEMS_MAX = 20;
/** Characters of one item's HTML read; a diary body holds 10,000 characters of text. */
export const ITEM_HTML_MAX = 128 * 1024;

export interface FeedItem {
  /** A stable identity: guid/id, else link, else title + date. */
  key: string;
  title: string;
  text: string;
  link: string | null;
  publishedAt: number | null;
}

type Node = Record<string, unknown>;
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
const text = (v: unknown): string => {
  const x = first(v);
  if (typeof x === 'string') return x;
  if (x && typeof x === 'object' && '_' in (x as Node)) return String((x as Node)._);
  return '';
};

function date(v: string): number | null {
  const t = Date.parse(v.slice(0, 100));
  return Number.isFinite(t) ? t : null;
}

/** Up to `maxItems` items of an RSS 2.0, RSS 1.0 (RDF) or Atom document, newest first; throws on anything else. */
export async function parseFeed(xml: string, maxItems = FEED_ITEMS_MAX): Promise<FeedItem[]> {
  const doc = (await parseStringPromise(xml, { explicitArray: true, strict: true })) as Node;
  let items: Node[] = [];
  let atom = false;
  if (doc.rss) {
    const channel = first((doc.rss as Node).channel) as Node | undefined;
    items = (channel?.item ?? []) as Node[];
  } else if (doc['rdf:RDF']) items = ((doc['rdf:RDF'] as Node).item ?? []) as Node[];
  else if (doc.feed) {
    items = ((doc.feed as Node).entry ?? []) as Node[];
    atom = true;
  } else throw new Error('not an RSS or Atom feed');
  // Dates and keys for a bounded number of items first; the costly text only for the newest.
  const heads = items.slice(0, FEED_ITEMS_SCANNED).map((it) => ({
    it,
    published: date(text(it.pubDate) || text(it['dc:date']) || text(it.published) || text(it.updated)),
  }));
  heads.sort((a, b) => (b.published ?? 0) - (a.published ?? 0));
  return heads.slice(0, maxItems).map(({ it, published }): FeedItem => {
    const title = htmlToText(text(it.title), 4096);
    let link: string | null;
    if (atom) {
      const links = (it.link ?? []) as Node[];
      const alt = links.find((l) => ((l.$ as Node | undefined)?.rel ?? 'alternate') === 'alternate') ?? links[0];
      link = alt ? String((alt.$ as Node | undefined)?.href ?? '') || null : null;
    } else link = text(it.link) || null;
    const body = htmlToText(text(it['content:encoded']) || text(it.content) || text(it.description) || text(it.summary), ITEM_HTML_MAX);
    const key = text(it.guid) || text(it.id) || link || `${title}|${published ?? ''}`;
    return { key, title, text: body, link, publishedAt: published };
  });
}
