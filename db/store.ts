import { sql } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { Repositories, Store } from '../core/store.js';
import { isConnectionLost, isRetryable, type Db } from './util.js';
import { attempts } from './repositories/attempts.js';
import { games } from './repositories/games.js';
import { course, PREMIUM_TABLES } from './repositories/course.js';
import { points } from './repositories/points.js';
import { nonces } from './repositories/nonces.js';
import { feeds } from './repositories/feeds.js';
import { blogFeeds } from './repositories/blog-feeds.js';
import { photos } from './repositories/photos.js';
import { profiles } from './repositories/profiles.js';
import { bookmarks } from './repositories/bookmarks.js';
import { endorsements } from './repositories/endorsements.js';
import { reports } from './repositories/reports.js';
import { friendRequests } from './repositories/friend-requests.js';
import { footprints } from './repositories/footprints.js';
import { comments } from './repositories/comments.js';
import { messages } from './repositories/messages.js';
import { blocks } from './repositories/blocks.js';
import { friendships } from './repositories/friendships.js';
import { diary } from './repositories/diary.js';
import { members } from './repositories/members.js';
import { invitations } from './repositories/invitations.js';
import { bindings } from './repositories/bindings.js';
import { sessions } from './repositories/sessions.js';
import { mailVerifications } from './repositories/mail-verifications.js';
import { secrets } from './repositories/secrets.js';
import { communities } from './repositories/communities.js';
import { communityMembers } from './repositories/community-members.js';
import { communityTopics } from './repositories/community-topics.js';
import { communityComments } from './repositories/community-comments.js';
import { communityEvents } from './repositories/community-events.js';
import { communityPolls } from './repositories/community-polls.js';
import { echoes } from './repositories/echoes.js';
import { mailAddresses } from './repositories/mail-addresses.js';
import { albums } from './repositories/albums.js';
import { advertisers } from './repositories/ad-advertisers.js';
import { staff } from './repositories/staff.js';
import { staffAudit } from './repositories/staff-audit.js';
import { hiddenContent } from './repositories/hidden-content.js';
import { ngWords } from './repositories/ng-words.js';
import { reportQueue } from './repositories/report-queue.js';
import { contentLookup } from './repositories/content-lookup.js';
import { withdrawals } from './repositories/withdrawals.js';
import { adCampaigns } from './repositories/ad-campaigns.js';
import { adSlots } from './repositories/ad-slots.js';
import { adCounts } from './repositories/ad-counts.js';
import { memberVersions } from './repositories/member-versions.js';
import { leases } from './repositories/leases.js';
import { skins } from './repositories/skins.js';
import { skinOwners } from './repositories/skin-owners.js';
import { decoTemplates } from './repositories/deco-templates.js';
import { messageDecorations } from './repositories/message-decorations.js';

/** Every repository over one connection (or one transaction): one file each in db/repositories/. */
function repositories(db: Db): Repositories {
  return {
    attempts: attempts(db),
    games: games(db),
    course: course(db),
    points: points(db),
    nonces: nonces(db),
    feeds: feeds(db),
    blogFeeds: blogFeeds(db),
    photos: photos(db),
    profiles: profiles(db),
    bookmarks: bookmarks(db),
    endorsements: endorsements(db),
    reports: reports(db),
    friendRequests: friendRequests(db),
    footprints: footprints(db),
    comments: comments(db),
    messages: messages(db),
    blocks: blocks(db),
    friendships: friendships(db),
    diary: diary(db),
    members: members(db),
    invitations: invitations(db),
    bindings: bindings(db),
    sessions: sessions(db),
    mailVerifications: mailVerifications(db),
    secrets: secrets(db),
    communities: communities(db),
    communityMembers: communityMembers(db),
    communityTopics: communityTopics(db),
    communityComments: communityComments(db),
    communityEvents: communityEvents(db),
    communityPolls: communityPolls(db),
    echoes: echoes(db),
    mailAddresses: mailAddresses(db),
    albums: albums(db),
    advertisers: advertisers(db),
    adCampaigns: adCampaigns(db),
    adSlots: adSlots(db),
    adCounts: adCounts(db),
    skins: skins(db),
    skinOwners: skinOwners(db),
    decoTemplates: decoTemplates(db),
    messageDecorations: messageDecorations(db),
    premium: course(db, PREMIUM_TABLES),
    staff: staff(db),
    staffAudit: staffAudit(db),
    hiddenContent: hiddenContent(db),
    ngWords: ngWords(db),
    reportQueue: reportQueue(db),
    contentLookup: contentLookup(db),
    withdrawals: withdrawals(db),
    memberVersions: memberVersions(db),
    leases: leases(db),
  };
}

/** Runs of a transaction that lost a race before 'conflict' is reported. */
const TRANSACTION_ATTEMPTS = 4;

/** The core's Store over Kysely: the same code for SQLite and MySQL. */
export function createStore(db: Db): Store {
  return {
    ...repositories(db),
    async transaction(work) {
      // Deadlock or lock wait timeout (MySQL), busy (SQLite): the transaction was rolled back whole,
      // so the work runs again (a few times, after a short random pause so the racers part);
      // only then does the caller hear 'conflict' (a "busy, try again" page).
      // A connection lost before COMMIT (a cluster node died) is retried too: the pool hands out
      // a connection to another node.
      for (let attempt = 1; ; attempt++) {
        let committing = false;
        try {
          return await db.transaction().execute(async (trx) => {
            const result = await work(repositories(trx));
            committing = true;
            return result;
          });
        } catch (e) {
          if (!isRetryable(e) && !(isConnectionLost(e) && !committing)) throw e;
          if (attempt >= TRANSACTION_ATTEMPTS) throw new DomainError('conflict');
          await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
        }
      }
    },
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
  };
}

