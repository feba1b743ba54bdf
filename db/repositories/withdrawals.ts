import type { WithdrawalRepository } from '../../core/accounts/ports.js';
import { type Db } from '../util.js';

const GONE = '(退会したメンバーの投稿は削除されました)';

/**
 * What leaving Ashiato does to a member's data (the privacy text on /settings/withdraw says the
 * same): their own content and relations are deleted; their community topics and comments, which
 * sit in other people's threads, keep their place but lose their words; the point ledger and
 * course records stay for accounting. Run inside the withdrawal's transaction.
 */
export function withdrawals(db: Db): WithdrawalRepository {
  return {
    async erase(memberId, anonymous) {
      const entries = db.selectFrom('diary_entries').select('id').where('member_id', '=', memberId);
      const albums = db.selectFrom('albums').select('id').where('member_id', '=', memberId);
      const albumPhotos = db.selectFrom('album_photos').select('photo_id').where('album_id', 'in', albums);
      const ownPhotos = db.selectFrom('photos').select('id').where('member_id', '=', memberId);
      const topics = db.selectFrom('community_topics').select('id').where('author_id', '=', memberId);

      // Diaries with everything on them, and the member's comments elsewhere.
      await db.deleteFrom('diary_comments').where((eb) => eb.or([eb('entry_id', 'in', entries), eb('author_id', '=', memberId)])).execute();
      await db.deleteFrom('feed_items').where((eb) => eb.or([eb('member_id', '=', memberId), eb('author_id', '=', memberId), eb('entry_id', 'in', entries)])).execute();
      await db.deleteFrom('blog_items').where('member_id', '=', memberId).execute();
      await db.deleteFrom('blog_feeds').where('member_id', '=', memberId).execute();
      // Albums, their photos and comments; the member's comments on others' photos.
      await db.deleteFrom('album_comments').where((eb) => eb.or([eb('photo_id', 'in', albumPhotos), eb('author_id', '=', memberId)])).execute();
      await db.deleteFrom('album_photos').where('album_id', 'in', albums).execute();
      await db.deleteFrom('albums').where('member_id', '=', memberId).execute();
      // Community topics and comments keep their place (numbers, others' replies) without their words.
      await db.updateTable('community_topics').set({ title: GONE, body: '' }).where('author_id', '=', memberId).execute();
      await db.updateTable('community_comments').set({ body: '', deleted: 1 }).where('author_id', '=', memberId).execute();
      await db.deleteFrom('community_topic_photos').where((eb) => eb.or([eb('topic_id', 'in', topics), eb('photo_id', 'in', ownPhotos)])).execute();
      await db.deleteFrom('community_participants').where('member_id', '=', memberId).execute();
      await db.deleteFrom('community_members').where('member_id', '=', memberId).execute();
      await db.updateTable('communities').set({ photo_id: null }).where('photo_id', 'in', ownPhotos).execute();
      // Every photo the member uploaded (diary, album, profile, topic), with its variants.
      await db.deleteFrom('photo_variants').where('photo_id', 'in', ownPhotos).execute();
      await db.deleteFrom('photos').where('member_id', '=', memberId).execute();
      await db.deleteFrom('diary_entries').where('member_id', '=', memberId).execute();
      await db.deleteFrom('echoes').where('member_id', '=', memberId).execute();
      await db.deleteFrom('messages').where((eb) => eb.or([eb('from_id', '=', memberId), eb('to_id', '=', memberId)])).execute();
      // Relations and traces.
      await db.deleteFrom('friendships').where((eb) => eb.or([eb('member_id', '=', memberId), eb('friend_id', '=', memberId)])).execute();
      await db.deleteFrom('friend_requests').where((eb) => eb.or([eb('from_id', '=', memberId), eb('to_id', '=', memberId)])).execute();
      await db.deleteFrom('blocks').where((eb) => eb.or([eb('blocker_id', '=', memberId), eb('blocked_id', '=', memberId)])).execute();
      await db.deleteFrom('footprints').where((eb) => eb.or([eb('owner_id', '=', memberId), eb('visitor_id', '=', memberId)])).execute();
      await db.deleteFrom('bookmarks').where((eb) => eb.or([eb('member_id', '=', memberId), eb('target_id', '=', memberId)])).execute();
      await db.deleteFrom('endorsements').where((eb) => eb.or([eb('author_id', '=', memberId), eb('member_id', '=', memberId)])).execute();
      await db.deleteFrom('profiles').where('member_id', '=', memberId).execute();
      await db.deleteFrom('game_best').where('member_id', '=', memberId).execute();
      await db.deleteFrom('ad_signups').where('member_id', '=', memberId).execute();
      await db.deleteFrom('mail_post_addresses').where('member_id', '=', memberId).execute();
      await db.deleteFrom('mail_verifications').where('member_id', '=', memberId).execute();
      await db.deleteFrom('invitations').where('inviter_id', '=', memberId).execute();
      // Signing in: no handset binding, no session.
      await db.deleteFrom('subscriber_bindings').where('member_id', '=', memberId).execute();
      await db.deleteFrom('sessions').where('member_id', '=', memberId).execute();
      await db
        .updateTable('members')
        .set({ status: 'withdrawn', nickname: anonymous.nickname, mail: null, mail_verified_at: null, password_hash: anonymous.passwordHash, birth_date: '1900-01-01' })
        .where('id', '=', memberId)
        .execute();
    },
  };
}
