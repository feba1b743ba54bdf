import type { Services } from '../services.js';
import { redirectTo, sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { endorseFormPage } from '../../templates/pages/profile.js';
import { feature, type Feature } from './feature.js';
import { idParam, memberId } from './shared.js';

/** 紹介文: マイミク write an endorsement on each other's profile; the endorsed or its author removes it. */
export function endorsementRoutes(s: Services): Feature {
  const f = feature({ auth: 'member', areas: ['/members/:id/endorsements/*'] });

  f.get('/members/:id/endorse', async (c) => {
    const d = await s.profiles.endorsementDraft(memberId(c), idParam(c, 'id'));
    return sendPage(c, endorseFormPage(d.member, d.body));
  });
  f.post('/members/:id/endorse', async (c) => {
    const { member: m } = await s.access.owner(memberId(c), idParam(c, 'id'));
    const body = c.get('form').get('body') ?? '';
    return handleForm(c, {
      act: () => s.profiles.endorse(memberId(c), m.id, body),
      redirect: () => `/members/${m.id}`,
      rerender: (r) => endorseFormPage(m, body, r.message),
    });
  });
  f.post('/members/:id/endorsements/:author/delete', async (c) => {
    const endorsed = idParam(c, 'id');
    await s.profiles.removeEndorsement(memberId(c), idParam(c, 'author'), endorsed);
    return redirectTo(c, `/members/${endorsed}`);
  });

  return f;
}
