import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { topicPhotoPage } from '../../templates/pages/communities-topics.js';
import { communityImagePage } from '../../templates/pages/communities.js';
import { TOPIC_PHOTOS_MAX } from '../../core/communities/topics.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId, notFound } from './shared.js';

/** The one empty upload: a form sent without a file is refused by the photo rules, not here. */
const NO_FILE = new Uint8Array(0);

/** The community's image (its admin) and photos on a topic (up to three, by its author), decoded and budgeted by the photo service; served at /photos/<id>/<width>. */
export function communityPhotoRoutes(s: Services): Feature {
  // The only community route that takes a file (2 MB bodies; every other form 64 KB).
  const f = feature({ auth: 'member', uploads: [/^\/communities\/\d{1,12}\/topics\/\d{1,12}\/photos$/, /^\/communities\/\d{1,12}\/image$/] });
  const count = async (tid: number) => (await s.topics.photos(tid)).length;

  f.get('/communities/:id/topics/:topic/photos', async (c) => {
    const r = await s.topics.read(memberId(c), idParam(c, 'id'), idParam(c, 'topic'));
    if (r.topic.authorId !== memberId(c)) notFound();
    return sendPage(c, topicPhotoPage(r.community.id, r.topic.id, await count(r.topic.id), TOPIC_PHOTOS_MAX));
  });
  f.post('/communities/:id/topics/:topic/photos', (c) => {
    const [cid, tid] = [idParam(c, 'id'), idParam(c, 'topic')];
    return handleForm(c, {
      act: () => s.topics.addPhoto(memberId(c), cid, tid, c.get('uploads').get('photo') ?? NO_FILE),
      redirect: () => `/communities/${cid}/topics/${tid}`,
      rerender: async (r) => topicPhotoPage(cid, tid, await count(tid), TOPIC_PHOTOS_MAX, r.message),
    });
  });

  f.get('/communities/:id/image', async (c) => {
    const { community, role } = await s.communities.view(memberId(c), idParam(c, 'id'));
    if (role !== 'admin') notFound();
    return sendPage(c, communityImagePage(community.id, community.photoId !== null));
  });
  f.post('/communities/:id/image', (c) => {
    const cid = idParam(c, 'id');
    return handleForm(c, {
      act: () => s.communities.setImage(memberId(c), cid, c.get('uploads').get('photo') ?? NO_FILE),
      redirect: () => `/communities/${cid}`,
      rerender: (r) => communityImagePage(cid, false, r.message),
    });
  });

  return f;
}
