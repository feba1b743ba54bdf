import { PREFECTURES } from '../../core/profiles/service.js';
import type { Services } from '../services.js';
import { sendPage } from '../render.js';
import { searchPage } from '../../templates/pages/profile.js';
import { feature, type Feature } from './feature.js';
import { memberId, who } from './shared.js';

const age = (v: string) => (/^\d{1,3}$/.test(v) ? Number(v) : undefined);

/** Search: members by nickname, area and age; diaries by keyword (each as the gate lets this member see). */
export function searchRoutes(s: Services): Feature {
  const f = feature({ auth: 'member' });

  f.get('/search', async (c) => {
    const q = c.get('query');
    const values = { nickname: q.get('nickname') ?? '', area: q.get('area') ?? '', ageFrom: q.get('ageFrom') ?? '', ageTo: q.get('ageTo') ?? '', q: q.get('q') ?? '' };
    const memberQuery = values.nickname || values.area || values.ageFrom || values.ageTo;
    const ids = memberQuery ? await s.profiles.search(memberId(c), { nickname: values.nickname, area: values.area, ageFrom: age(values.ageFrom), ageTo: age(values.ageTo) }) : null;
    const diaries = values.q ? await s.diary.search(memberId(c), values.q) : null;
    const names = await s.access.names(memberId(c), [...(ids ?? []), ...(diaries ?? []).map((d) => d.memberId)]);
    return sendPage(
      c,
      searchPage({
        values,
        prefectures: PREFECTURES,
        members: ids ? ids.filter((id) => names.has(id)).map((id) => who(names, id)) : null,
        diaries: diaries ? diaries.map((d) => ({ id: d.id, title: d.title, author: who(names, d.memberId) })) : null,
      }),
    );
  });

  return f;
}
