import { hashPassword, subscriberIdHash } from './crypto.js';
import type { Clock } from './ports.js';
import type { Store } from './store.js';
import type { Visibility } from './diary/ports.js';
import { GAMES, weekOf } from './games/service.js';

/** Subscriber IDs of the demo members (../shared/contract.md); bound on an empty database. */
export const DEMO_SUBSCRIBERS = [
  { login: 'demo_docomo', nickname: 'ドコモ太郎', carrier: 'docomo', subscriberId: 'DEMO001' },
  { login: 'demo_au', nickname: 'auの花子', carrier: 'au', subscriberId: '00000000000001_aa.ezweb.ne.jp' },
  { login: 'demo_softbank', nickname: 'ソフトバンク次郎', carrier: 'softbank', subscriberId: 'cDEMO00000000001' },
] as const;

export const DEMO_LOGIN = { login: 'demo', password: 'ashiato-demo', nickname: 'ウィルコム美咲' };
export const DEMO_INVITE = 'DEMO-INVITE';
/** Where the seeded demo members' ids are kept (an app-wide value, written once with the seed). */
export const DEMO_MEMBERS_KEY = 'demo-members';

/** The demo members' ids (empty when the demo set was never seeded in this database). */
export async function demoMemberIds(store: Pick<Store, 'secrets'>): Promise<ReadonlySet<number>> {
  const raw = await store.secrets.get(DEMO_MEMBERS_KEY);
  const ids: unknown = raw ? JSON.parse(raw) : [];
  return new Set(Array.isArray(ids) ? ids.filter((x): x is number => Number.isInteger(x)) : []);
}

/** A demo member's id by login (null when the demo set has no such member). */
export async function demoMemberId(store: Pick<Store, 'members'>, login: string): Promise<number | null> {
  return (await store.members.findByLogin(login))?.id ?? null;
}

/**
 * Each game's own demo scores (in presses its rules allow: 5連打 up to 20 a second for 10 s,
 * 数字タッチ up to 6 a second for 15 s), so the two rankings differ as real ones would.
 */
export const DEMO_SCORES: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  mash: [['demo_docomo', 87], ['demo_au', 102], ['demo_softbank', 64], ['demo', 95]],
  number: [['demo_docomo', 41], ['demo_au', 33], ['demo_softbank', 52], ['demo', 27]],
};

/** Demo members have scores in this week's and the all-time ranking of each game. */
export async function seedDemoScores(store: Pick<Store, 'members' | 'games'>, clock: Clock): Promise<void> {
  const now = clock.now();
  const week = weekOf(now);
  for (const g of GAMES) {
    for (const [login, score] of DEMO_SCORES[g.id] ?? []) {
      const id = await demoMemberId(store, login);
      if (id === null) continue;
      for (const period of ['all', week]) await store.games.raiseBest(g.id, period, id, score, now);
    }
  }
}

type Tx = Parameters<Parameters<Store['transaction']>[0]>[0];

/**
 * Two communities (../shared/contract.md): an open one everyone may read, with a topic and its
 * numbered comments, an event and a poll; and one that approves members, readable by its members
 * only, with a request waiting for its administrator.
 */
async function seedDemoCommunities(tx: Tx, m: { demo: number; docomo: number; au: number; softbank: number }, now: number): Promise<void> {
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  const open = await tx.communities.insert({ adminId: m.docomo, name: 'ケータイ好き集まれ📱', category: 'mobile', description: '機種変の報告、絵文字の話、ケータイのことなら何でも。\n誰でも参加できます✨', joinPolicy: 'open', readers: 'everyone', photoId: null, status: 'open', memberCount: 0, lastActivityAt: now - HOUR, createdAt: now - 10 * DAY });
  const curry = await tx.communities.insert({ adminId: m.au, name: 'カレー部🍛', category: 'food', description: 'おいしいカレー屋さんの情報交換。\n参加は管理人の承認制です。', joinPolicy: 'approval', readers: 'community', photoId: null, status: 'open', memberCount: 0, lastActivityAt: now - 2 * HOUR, createdAt: now - 8 * DAY });
  const roles: [number, number, 'admin' | 'sub' | 'member' | 'pending'][] = [
    [open, m.docomo, 'admin'], [open, m.au, 'sub'], [open, m.softbank, 'member'], [open, m.demo, 'member'],
    [curry, m.au, 'admin'], [curry, m.demo, 'member'], [curry, m.softbank, 'pending'],
  ];
  for (const [communityId, memberId, role] of roles) await tx.communityMembers.add({ communityId, memberId, role, joinedAt: now - 7 * DAY + memberId });
  for (const id of [open, curry]) await tx.communities.recount(id);
  const topic = (communityId: number, authorId: number, title: string, body: string, hoursAgo: number, extra: Partial<Parameters<Tx['communityTopics']['insert']>[0]> = {}) =>
    tx.communityTopics.insert({ communityId, authorId, kind: 'topic', title, body, commentCount: 0, lastCommentAt: now - hoursAgo * HOUR, eventAt: null, place: null, deadline: null, capacity: null, createdAt: now - hoursAgo * HOUR, updatedAt: now - hoursAgo * HOUR, ...extra });
  const comments = async (topicId: number, list: [number, string, number][]) => {
    for (const [i, [authorId, body, hoursAgo]] of list.entries()) await tx.communityComments.insert({ topicId, number: i + 1, authorId, body, deleted: false, createdAt: now - hoursAgo * HOUR });
    for (let i = 0; i < list.length; i++) await tx.communityTopics.nextNumber(topicId, now - list[list.length - 1]![2] * HOUR);
  };
  const report = await topic(open, m.softbank, '機種変しました報告スレ', '新しいケータイにしたら報告してください📱', 30);
  await comments(report, [[m.au, 'W44S にしました！ワンセグ見られます📺', 20], [m.docomo, '>>1 いいなぁ。ドコモはN905iです☀️', 5], [m.demo, 'WX320Kで参加中です', 1]]);
  const day = 14 * DAY;
  const offline = await topic(open, m.docomo, 'オフ会 in 渋谷', 'みんなで集まりましょう！\nケータイ持参で🍙', 3, { kind: 'event', eventAt: now + day, place: '渋谷ハチ公前', deadline: now + day - DAY, capacity: 10 });
  for (const [seat, memberId] of [m.docomo, m.au].entries()) await tx.communityEvents.take(offline, memberId, seat + 1, now - HOUR);
  const poll = await topic(open, m.au, '好きなキャリアは？', '1人1票です。', 2, { kind: 'poll', deadline: now + 7 * DAY });
  await tx.communityPolls.addChoices(poll, ['docomo', 'au', 'SoftBank', 'WILLCOM']);
  await tx.communityPolls.vote(poll, m.softbank, 3, now - HOUR);
  const shops = await topic(curry, m.au, 'おすすめのカレー屋さん', '大阪のおすすめを教えてください🍛', 6);
  await comments(shops, [[m.demo, '札幌のスープカレーもおすすめです！', 2]]);
}

/**
 * Seeds the demo data set on an empty database, in one transaction. Returns false (and
 * writes nothing) when members already exist.
 */
export async function seedDemo(store: Store, clock: Clock, subscriberKey: Buffer): Promise<boolean> {
  if ((await store.members.count()) > 0) return false;
  const now = clock.now();
  const password = await hashPassword(DEMO_LOGIN.password);
  await store.transaction(async (tx) => {
    const base = { passwordHash: password, mailVerifiedAt: now, status: 'active' as const, invitedBy: null, createdAt: now };
    const demoId = await tx.members.insert({ ...base, login: DEMO_LOGIN.login, nickname: DEMO_LOGIN.nickname, birthDate: '1988-06-15', mail: 'demo@example.jp' });
    const ids = [demoId];
    for (const [i, d] of DEMO_SUBSCRIBERS.entries()) {
      const id = await tx.members.insert({ ...base, login: d.login, nickname: d.nickname, birthDate: `198${i}-0${i + 1}-1${i}`, mail: `${d.login}@example.jp`, invitedBy: demoId });
      await tx.bindings.bind(id, d.carrier, subscriberIdHash(subscriberKey, d.carrier, d.subscriberId), now);
      ids.push(id);
    }
    // Their passwords and subscriber IDs are published: the gateway lets them in only locally.
    await tx.secrets.putIfAbsent(DEMO_MEMBERS_KEY, JSON.stringify(ids));
    // Everyone is everyone's マイミク, and each has written something (pictograms included).
    for (const a of ids) for (const b of ids) if (a < b) await tx.friendships.befriend(a, b, now);
    const [demo, docomo, au, softbank] = ids as [number, number, number, number];
    const diaries: [number, string, string, Visibility, number][] = [
      [docomo, '晴れた日曜日☀️', '朝から快晴☀️\n渋谷でマイミクとランチしました🍙\n明日も晴れるといいな✨', 'friends', 3],
      [au, '雨の日は読書☔', '雨なので家で読書📖\n夜はカレー🍛にしました。', 'members', 2],
      [softbank, '新しいケータイ📱', '機種変しました！\n絵文字がたくさん使えて楽しい❤️', 'public', 1],
      [demo, 'はじめまして', 'ウィルコムから書いています。よろしくお願いします！', 'public', 0],
    ];
    const entryIds: number[] = [];
    for (const [memberId, title, body, visibility, daysAgo] of diaries) {
      const at = now - daysAgo * 86_400_000;
      entryIds.push(await tx.diary.insert({ memberId, title, body, visibility, createdAt: at, updatedAt: at }));
    }
    const HOUR = 3_600_000;
    // Comments and a reply, footprints, messages, endorsements and profiles, so every page has something.
    const c1 = await tx.comments.insert({ entryId: entryIds[0]!, authorId: au, replyTo: null, body: 'いいなぁ☀️ こっちは雨でした☔', createdAt: now - 2 * HOUR });
    await tx.comments.insert({ entryId: entryIds[0]!, authorId: docomo, replyTo: c1, body: '今度一緒に行こう！', createdAt: now - HOUR });
    await tx.comments.insert({ entryId: entryIds[2]!, authorId: demo, replyTo: null, body: 'おめでとう🎉', createdAt: now - 3 * HOUR });
    for (const [owner, visitor, hoursAgo] of [[docomo, au, 1], [docomo, softbank, 5], [docomo, demo, 30], [au, docomo, 2], [softbank, docomo, 3], [demo, au, 4]] as const) {
      await tx.footprints.insert(owner, visitor, now - hoursAgo * HOUR);
    }
    await tx.messages.insert({ fromId: au, toId: docomo, subject: '週末のお花見', body: '土曜日の10時に駅前でどう？🌸', createdAt: now - 6 * HOUR, readAt: null, senderBox: 'sent', recipientBox: 'inbox' });
    await tx.messages.insert({ fromId: demo, toId: softbank, subject: 'ようこそ', body: '足あとへようこそ！', createdAt: now - 26 * HOUR, readAt: now - 25 * HOUR, senderBox: 'sent', recipientBox: 'inbox' });
    await tx.endorsements.put({ authorId: au, memberId: docomo, body: 'いつも元気なムードメーカーです。', createdAt: now - 48 * HOUR });
    const profiles: [number, 'female' | 'male' | 'none', string, string][] = [
      [docomo, 'male', '東京都', 'ドコモのケータイから日記を書いています。'],
      [au, 'female', '大阪府', '読書とカレーが好き📖'],
      [softbank, 'male', '福岡県', '新しいもの好き。'],
      [demo, 'female', '北海道', 'PHSから参加中。'],
    ];
    await tx.feeds.rebuild();
    for (const [memberId, gender, area, intro] of profiles) {
      await tx.profiles.upsert({ memberId, photoId: null, gender, showAge: memberId !== demo, area, intro, searchOptOut: false, defaultVisibility: 'friends', topSections: ['friend-diaries', 'footprints', 'comments', 'communities', 'echo', 'albums'] }, now);
    }
    await seedDemoCommunities(tx, { demo, docomo, au, softbank }, now);
    // Like every code, the demo code runs out: 100 joins within 30 days of seeding.
    await tx.invitations.insert({ code: DEMO_INVITE, inviterId: demoId, maxUses: 100, usedCount: 0, expiresAt: now + 30 * 86_400_000, createdAt: now });
  });
  return true;
}
