import { clipText } from '../../core/text.js';
import type { Services } from '../services.js';
import { keepPage, pageBytes, sendBytes, sendKeptPage, sendPage, type KeptPage } from '../render.js';
import { randomHex } from '../../core/crypto.js';
import { welcomePage } from '../../templates/pages/auth.js';
import { friendsDiaryPage, myDiaryCommentsPage } from '../../templates/pages/social.js';
import { topPage, type TopView } from '../../templates/pages/top.js';
import { link } from '../../templates/components.js';
import { feature, type Feature } from './feature.js';
import { topAds } from '../ad-view.js';
import { keptFriendsEchoes, memberId, offersEasyLogin, queryInt, reading, who } from './shared.js';
import { summaryExpiry } from '../../core/top/service.js';
import { RECENT_MS } from '../../core/albums/service.js';

type TopSummary = Awaited<ReturnType<Services['top']['summary']>>;

/** Alerts at the top of the page: new messages, friend requests, comments on my diary. */
function alerts(t: TopSummary): TopView['alerts'] {
  const out = [];
  if (t.unreadMessages) out.push({ href: '/messages', text: `新着メッセージが${t.unreadMessages}件あります` });
  if (t.friendRequests) out.push({ href: '/friends/requests', text: `マイミク申請が${t.friendRequests}件あります` });
  if (t.newComments.length) out.push({ href: `/diary/${t.newComments[0]!.entryId}`, text: `日記に新着コメントが${t.newComments.length}件あります` });
  return out;
}

/** The sections the member chose to show (settings), each with a link to its full list. */
function sections(t: TopSummary, show: ReadonlySet<string>, names: ReadonlyMap<number, string>): TopView['sections'] {
  const out: TopView['sections'] = [];
  if (show.has('friend-diaries')) {
    out.push({
      title: 'マイミクの最新日記',
      lines: t.friendDiaries.length ? t.friendDiaries.map((e) => [link(`/diary/${e.id}`, e.title), ` (${names.get(e.memberId) ?? ''})`]) : ['まだありません'],
      more: '/friends/diary',
    });
  }
  if (show.has('comments') && t.newComments.length) {
    out.push({ title: '日記への新着コメント', lines: t.newComments.map((x) => link(`/diary/${x.entryId}`, clipText(x.body, 20))), more: '/diary/comments' });
  }
  if (show.has('footprints')) out.push({ title: '足あと', lines: [link('/footprints', `今日の足あと ${t.footprintsToday}件`)] });
  return out;
}

/** New posts in my communities (each community's newest topic, most recently active first). */
function communitySection(posts: Awaited<ReturnType<Services['communities']['newPosts']>>): TopView['sections'][number] {
  return {
    title: 'コミュニティの新着',
    lines: posts.length ? posts.map((p) => [link(`/communities/${p.community.id}/topics/${p.topic.id}`, clipText(p.topic.title, 20)), ` (${clipText(p.community.name, 12)})`]) : ['まだありません'],
  };
}

type Named = ReadonlyMap<number, string>;

/** Friends' newest echoes (one indexed read over the member's friends). */
function echoSection(list: readonly { id: number; memberId: number; body: string }[], names: Named): TopView['sections'][number] {
  const lines = list.filter((e) => names.has(e.memberId)).map((e) => [link(`/echo/${e.id}`, clipText(e.body, 20)), ` (${names.get(e.memberId)})`]);
  return { title: 'マイミクのエコー', lines: lines.length ? lines : ['まだありません'], more: '/echo' };
}

/** Friends' albums with new photos (one indexed query over the friends, then the gate). */
function albumSection(list: readonly { id: number; memberId: number; title: string }[], names: Named): TopView['sections'][number] {
  const lines = list.filter((a) => names.has(a.memberId)).map((a) => [link(`/albums/${a.id}`, clipText(a.title, 20)), ` (${names.get(a.memberId)})`]);
  return { title: 'マイミクの更新アルバム', lines: lines.length ? lines : ['まだありません'] };
}

/**
 * The member's own sections but friends' echoes: kept per member version (see TopService.kept), so
 * everything read here must change only by writes that bump this member's `all` version (migration
 * 0027) or by the clock (the expiry). The sections' reads go out together; every name comes from
 * one gate lookup.
 */
async function ownSections(s: Services, id: number, now: number) {
  const [t, profile] = await Promise.all([s.top.summary(id), s.profiles.get(id)]);
  const show: ReadonlySet<string> = new Set(profile.topSections);
  const albums = show.has('albums') ? await s.albums.friendsUpdated(id) : null;
  const names = await s.access.names(id, [...t.friendDiaries, ...(albums ?? [])].map((x) => x.memberId));
  const expiresAt = Math.min(summaryExpiry(now, t), ...(albums ?? []).map((a) => a.updatedAt + RECENT_MS));
  return { value: { t, show, albums, names }, expiresAt };
}

/** At most this many members' top pages kept per process (about 3 KB each), the oldest let go first. */
const KEPT_PAGES = 5000;

/** A number for each object seen (kept reads are new objects whenever they change). */
const serials = new WeakMap<object, number>();
let lastSerial = 0;
function serial(o: object): number {
  let n = serials.get(o);
  if (n === undefined) serials.set(o, (n = ++lastSerial));
  return n;
}

/** The top page (the welcome page for guests) and the full lists behind its sections. */
export function topRoutes(s: Services): Feature {
  const f = feature({ auth: 'member', guestPaths: ['/'] });
  /**
   * Each member's top page as sent last, kept as bytes around its advertising (picked and counted
   * at every view, so made anew each time) under the identity of everything else it was made from:
   * the kept reads (new objects after any write that concerns the member, or their expiry:
   * TopService.kept), the new posts the gate shows now, the handset, the session (a cookie-less
   * handset's links carry it) and the nickname. The reads themselves still run at every view.
   */
  const pages = new Map<number, { key: string; page: KeptPage | null }>();
  const slot = `ashiato${randomHex(16)}`;

  f.get('/', async (c) => {
    const m = c.get('member');
    if (!m) {
      // PCs and smartphones are told what this is; in development they are pointed at the emulator.
      const web = c.get('device').markup === 'html5' ? { emulator: s.config.emulator && !s.config.production } : null;
      return sendPage(c, welcomePage({ easyLogin: offersEasyLogin(c), carrierLabel: c.get('carrier').label, web }));
    }
    // Ads (counted per view) are made each time; new posts in communities (many members' writes)
    // are kept for COMMUNITY_POSTS_MS. The member's counters came with the session.
    const r = reading(c, s);
    const kept = await r.top.kept(m.id, c.get('memberVersions'));
    const own = kept.own((now) => ownSections(r, m.id, now));
    const [mine, posts, echoes, ads] = await Promise.all([
      own,
      own.then((o) => (o.show.has('communities') ? kept.communityPosts(() => r.communities.newPosts(m.id)) : null)),
      own.then((o) => (o.show.has('echo') ? keptFriendsEchoes(r, m.id, kept) : null)),
      topAds(c, s),
    ]);
    const key = `${serial(mine)}|${posts ? serial(posts) : '-'}|${echoes ? serial(echoes) : '-'}|${serial(c.get('device'))}|${c.get('sessionToken')}|${m.nickname}`;
    const adPart = ads?.part ?? null;
    const hit = pages.get(m.id);
    if (hit?.key === key && hit.page) {
      const res = sendKeptPage(c, hit.page, adPart, ads?.key);
      if (res) return res;
    }
    const { t, show, albums, names } = mine;
    const shown = sections(t, show, names);
    if (posts) shown.push(Object.assign(communitySection(posts), { more: `/members/${m.id}/communities` }));
    if (echoes) shown.push(echoSection(echoes.echoes.slice(0, 3), echoes.names));
    if (albums) shown.push(albumSection(albums, names));
    const view = (part: TopView['ads']) => topPage({ memberId: m.id, nickname: m.nickname, alerts: alerts(t), sections: shown, ads: part });
    const sent = pageBytes(c, view(adPart));
    // A page that cannot be kept (split over pages, say) is not tried again until its key changes.
    if (hit?.key !== key) {
      if (!hit && pages.size >= KEPT_PAGES) pages.delete(pages.keys().next().value!);
      pages.set(m.id, { key, page: keepPage(c, view(slot), slot, adPart, sent) });
    }
    return sendBytes(c, sent);
  });

  f.get('/friends/diary', async (c) => {
    const page = queryInt(c, 'page', 1, 500);
    const entries = await s.top.friendsFeed(memberId(c), page);
    const names = await s.access.names(memberId(c), entries.map((e) => e.memberId));
    return sendPage(c, friendsDiaryPage(entries.map((e) => ({ id: e.id, title: e.title, author: who(names, e.memberId), createdAt: e.createdAt })), page, entries.length >= 20));
  });

  f.get('/diary/comments', async (c) => {
    const list = await s.top.commentsOnMyDiary(memberId(c));
    const names = await s.access.names(memberId(c), list.map((x) => x.authorId));
    return sendPage(c, myDiaryCommentsPage(list.map((x) => ({ entryId: x.entryId, author: who(names, x.authorId), body: x.body, createdAt: x.createdAt }))));
  });

  return f;
}
