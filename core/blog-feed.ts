import { parseStringPromise } from 'xml2js';

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

/** HTML from a feed becomes plain text (diaries are text); entities of the common kind are decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\s*(br|\/p|\/div|\/li|\/h\d)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(lt|gt|quot|#39|apos|nbsp|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ', amp: '&' })[e]!)
    .replace(/&#(\d{1,6});/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function date(v: string): number | null {
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

/** Items of an RSS 2.0, RSS 1.0 (RDF) or Atom document, newest first; throws on anything else. */
export async function parseFeed(xml: string): Promise<FeedItem[]> {
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
  const out = items.map((it): FeedItem => {
    const title = htmlToText(text(it.title));
    let link: string | null;
    if (atom) {
      const links = (it.link ?? []) as Node[];
      const alt = links.find((l) => ((l.$ as Node | undefined)?.rel ?? 'alternate') === 'alternate') ?? links[0];
      link = alt ? String((alt.$ as Node | undefined)?.href ?? '') || null : null;
    } else link = text(it.link) || null;
    const body = htmlToText(text(it['content:encoded']) || text(it.content) || text(it.description) || text(it.summary));
    const published = date(text(it.pubDate) || text(it['dc:date']) || text(it.published) || text(it.updated));
    const key = text(it.guid) || text(it.id) || link || `${title}|${published ?? ''}`;
    return { key, title, text: body, link, publishedAt: published };
  });
  return out.sort((a, b) => (b.publishedAt ?? 0) - (a.publishedAt ?? 0));
}
