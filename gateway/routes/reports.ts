import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { handleForm } from '../forms.js';
import { reportPage } from '../../templates/pages/profile.js';
import { feature, type Feature } from './feature.js';
import { memberId, notFound } from './shared.js';

const REPORT_KINDS = ['member', 'diary', 'comment', 'message', 'community', 'topic'] as const;

/** What is reported: a known kind and an id; anything else is a missing page. */
function reportTarget(kind: string | undefined, id: string | undefined) {
  const k = REPORT_KINDS.find((x) => x === kind);
  if (!k || !/^\d{1,12}$/.test(id ?? '')) notFound();
  return { kind: k, id: Number(id) };
}

/** Reports to the moderators (a few a day per member). */
export function reportRoutes(s: Services): Feature {
  const f = feature({ auth: 'member' });

  f.get('/report', (c) => {
    const t = reportTarget(c.get('query').get('kind'), c.get('query').get('id'));
    return sendPage(c, reportPage(t.kind, t.id, ''));
  });
  f.post('/report', (c) => {
    const form = c.get('form');
    const t = reportTarget(form.get('kind'), form.get('id'));
    const reason = form.get('reason') ?? '';
    return handleForm(c, {
      act: async () => {
        await s.profiles.report(memberId(c), t.kind, t.id, reason);
        return sendPage(c, reportPage(t.kind, t.id, '', undefined, true));
      },
      rerender: (r) => reportPage(t.kind, t.id, reason, r.message),
    });
  });

  return f;
}
