import { DomainError } from '../errors.js';
import type { AccessGate } from '../access.js';
import { ageOn } from '../members/service.js';
import { GENDERS, TOP_SECTIONS, type Endorsement, type Gender, type Profile, type TopSection, type ProfileStore } from './ports.js';
import { VISIBILITIES, type Visibility } from '../diary/ports.js';
import type { Clock } from '../ports.js';
import type { Member } from '../members/ports.js';
import type { PhotoRecord } from '../photos/ports.js';
import { checkRate, memberText } from '../validate.js';
import { OPEN_SCREEN, type ContentScreen } from '../staff/screen.js';

export const PREFECTURES = [
  '北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県', '茨城県', '栃木県', '群馬県', '埼玉県', '千葉県', '東京都', '神奈川県',
  '新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県', '岐阜県', '静岡県', '愛知県', '三重県', '滋賀県', '京都府', '大阪府', '兵庫県',
  '奈良県', '和歌山県', '鳥取県', '島根県', '岡山県', '広島県', '山口県', '徳島県', '香川県', '愛媛県', '高知県', '福岡県', '佐賀県', '長崎県',
  '熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県',
] as const;

export const INTRO_MAX = 1000;
export const ENDORSEMENT_MAX = 1000;

export function defaultProfile(memberId: number): Profile {
  return { memberId, photoId: null, gender: 'none', showAge: false, area: '', intro: '', searchOptOut: false, defaultVisibility: 'friends', topSections: [...TOP_SECTIONS] };
}

/** As a front received it. */
export interface ProfileInput {
  gender: string;
  showAge: boolean;
  area: string;
  intro: string;
  searchOptOut: boolean;
  defaultVisibility: string;
  topSections: string[];
}

export interface ProfileView {
  member: Member;
  profile: Profile;
  /** Age when the member shows it. */
  age: number | null;
  /** Endorsements by members the viewer may see, with their names. */
  endorsements: (Endorsement & { authorName: string })[];
  photo: PhotoRecord | null;
  /** Friends the viewer may see named. */
  friendsCount: number;
  isFriend: boolean;
  bookmarked: boolean;
}

/** Profiles and their settings, member search, bookmarks (お気に入り), endorsements (紹介文), reports. */
export class ProfileService {
  constructor(
    private readonly store: ProfileStore,
    private readonly clock: Clock,
    private readonly gate: AccessGate,
    /** The NG-word screen (core/staff/screen.ts): an endorsement shows on another's profile, unheld. */
    private readonly screen: Pick<ContentScreen, 'refuseAny'> = OPEN_SCREEN,
  ) {}

  async get(memberId: number): Promise<Profile> {
    return (await this.store.profiles.find(memberId)) ?? defaultProfile(memberId);
  }

  async update(memberId: number, input: ProfileInput): Promise<Profile> {
    const fields: Record<string, string> = {};
    if (!(GENDERS as readonly string[]).includes(input.gender)) fields.gender = '性別を選んでください';
    if (input.area !== '' && !(PREFECTURES as readonly string[]).includes(input.area)) fields.area = '地域を選んでください';
    if (!(VISIBILITIES as readonly string[]).includes(input.defaultVisibility)) fields.defaultVisibility = '公開範囲を選んでください';
    if (input.topSections.some((t) => !(TOP_SECTIONS as readonly string[]).includes(t))) fields.topSections = '表示する項目を選んでください';
    let intro = '';
    try {
      intro = memberText('intro', '自己紹介', input.intro, 0, INTRO_MAX);
    } catch (e) {
      if (e instanceof DomainError) Object.assign(fields, e.fields);
      else throw e;
    }
    if (Object.keys(fields).length) throw new DomainError('invalid_input', fields);
    const p: Profile = {
      memberId,
      photoId: (await this.get(memberId)).photoId,
      gender: input.gender as Gender,
      showAge: input.showAge,
      area: input.area,
      intro,
      searchOptOut: input.searchOptOut,
      defaultVisibility: input.defaultVisibility as Visibility,
      topSections: TOP_SECTIONS.filter((t) => input.topSections.includes(t)) as TopSection[],
    };
    await this.store.profiles.upsert(p, this.clock.now());
    return p;
  }

  /**
   * What a viewer sees of a member's profile: members only; with a block either way, missing
   * (not_found) for both (the blocker unblocks from their list of blocked members).
   */
  async view(viewerId: number | null, memberId: number): Promise<ProfileView> {
    const v = this.gate.viewer(viewerId);
    const { member, relation } = await v.owner(memberId);
    const profile = await this.get(memberId);
    const shown = await v.withoutHidden(await this.store.endorsements.forMember(memberId), (e) => e.authorId);
    const names = await v.names(shown.map((e) => e.authorId));
    const age = profile.showAge ? ageOn(member.birthDate, new Date(this.clock.now())) : null;
    return {
      member,
      profile,
      age,
      // Object.assign: a spread followed by a new key is V8's slow path on Node 20.
      endorsements: shown.filter((e) => names.has(e.authorId)).map((e) => Object.assign({}, e, { authorName: names.get(e.authorId)! })),
      photo: profile.photoId ? await this.store.photos.find(profile.photoId) : null,
      friendsCount: await v.friendsShownCount(memberId),
      isFriend: relation === 'friend',
      bookmarked: viewerId !== null && viewerId !== memberId && (await this.store.bookmarks.list(viewerId)).includes(memberId),
    };
  }

  /** The endorsement form: only マイミク write one; their current text is the starting value. */
  async endorsementDraft(authorId: number, memberId: number): Promise<{ member: Member; body: string }> {
    const { member, relation } = await this.gate.owner(authorId, memberId);
    if (relation !== 'friend') throw new DomainError('forbidden');
    const mine = (await this.store.endorsements.forMember(memberId)).find((e) => e.authorId === authorId);
    return { member, body: mine?.body ?? '' };
  }

  /** Members by nickname, area and age range (only those who show their age), never those who opted out. */
  async search(viewerId: number, q: { nickname?: string; area?: string; ageFrom?: number; ageTo?: number }): Promise<number[]> {
    const today = new Date(this.clock.now());
    const bornOn = (yearsAgo: number, dayShift: number) => {
      const d = new Date(Date.UTC(today.getUTCFullYear() - yearsAgo, today.getUTCMonth(), today.getUTCDate() + dayShift));
      return d.toISOString().slice(0, 10);
    };
    const excluding = [viewerId, ...(await this.gate.hiddenFor(viewerId))];
    return this.store.profiles.search({
      nickname: q.nickname?.trim() || undefined,
      area: q.area || undefined,
      // Aged at most ageTo: born after the day (ageTo + 1) years ago.
      bornFrom: q.ageTo !== undefined ? bornOn(q.ageTo + 1, 1) : undefined,
      bornTo: q.ageFrom !== undefined ? bornOn(q.ageFrom, 0) : undefined,
      limit: 30,
      excluding,
    });
  }

  async bookmark(memberId: number, targetId: number): Promise<void> {
    await this.gate.contact(memberId, targetId);
    await this.store.bookmarks.add(memberId, targetId, this.clock.now());
  }

  async unbookmark(memberId: number, targetId: number): Promise<void> {
    await this.store.bookmarks.remove(memberId, targetId);
  }

  async bookmarks(memberId: number): Promise<number[]> {
    return this.gate.withoutHidden(memberId, await this.store.bookmarks.list(memberId), (id) => id);
  }

  /** Only マイミク write 紹介文; writing again replaces one's own. */
  async endorse(authorId: number, memberId: number, body: string): Promise<void> {
    if ((await this.gate.relation(authorId, memberId)) !== 'friend') throw new DomainError('forbidden');
    const text = memberText('body', '紹介文', body, 1, ENDORSEMENT_MAX);
    await this.screen.refuseAny('body', text);
    await this.store.endorsements.put({ authorId, memberId, body: text, createdAt: this.clock.now() });
  }

  /** The endorsed member, or its author, removes an endorsement. */
  async removeEndorsement(actorId: number, authorId: number, memberId: number): Promise<void> {
    if (actorId !== authorId && actorId !== memberId) throw new DomainError('not_found');
    if (!(await this.store.endorsements.remove(authorId, memberId))) throw new DomainError('not_found');
  }

  /** A report to the moderators; at most 10 a day per member. */
  async report(reporterId: number, targetKind: 'member' | 'diary' | 'comment' | 'message' | 'community' | 'topic', targetId: number, reason: string): Promise<void> {
    const text = memberText('reason', '理由', reason, 1, 1000);
    const now = this.clock.now();
    checkRate(await this.store.reports.countSince(reporterId, now - 86_400_000), 10);
    await this.store.reports.insert({ reporterId, targetKind, targetId, reason: text, createdAt: now });
  }
}
