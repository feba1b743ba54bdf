import { carrierOfMail, HANDSETS, type HandsetSpec } from '../../carriers/index.js';
import type { Services } from '../services.js';

const MAX_REMEMBERED = 2000;
const MAIL_IN_FORM = /^[^\s@]{1,64}@[A-Za-z0-9.-]{1,255}$/;

export interface RecipientHandset {
  spec: HandsetSpec;
  /** The subscriber ID to send: the recipient's own (bound or typed from), or '' (none). */
  id: string;
}

/**
 * Which handset opens a mail's links in the outbox: the recipient's, never another member's.
 * The emulator remembers which handset (and subscriber ID) typed each mail address into a form
 * (joining, changing the address) and which IDs it has sent; a link then opens on the handset
 * whose ID is bound to the recipient, else on the handset that typed the address, else on the
 * carrier's first handset (by the mail domain) with no ID at all. An ID bound to somebody else
 * is never sent.
 */
export class RecipientHandsets {
  private readonly typedFrom = new Map<string, { handset: string; id: string }>();
  private readonly seenIds = new Map<string, string>();

  constructor(private readonly s: Services) {}

  /** A request the emulator sent as `spec` with `id`; `form` its posted fields (PC UTF-8, before re-encoding). */
  note(spec: HandsetSpec, id: string, form?: URLSearchParams): void {
    if (id && spec.subscriber) remember(this.seenIds, `${spec.carrier}\n${id}`, spec.id);
    for (const [, v] of form ?? []) {
      const mail = v.trim().toLowerCase();
      if (MAIL_IN_FORM.test(mail)) remember(this.typedFrom, mail, { handset: spec.id, id });
    }
  }

  async handsetFor(address: string): Promise<RecipientHandset> {
    const mail = address.trim().toLowerCase();
    const carrier = carrierOfMail(mail);
    const ofCarrier = HANDSETS.filter((h) => (carrier ? h.carrier === carrier : h.gatewayIp === null));
    const fallback = ofCarrier[0] ?? HANDSETS[0]!;
    // The member's bound handset: an ID this emulator knows that is bound to the recipient.
    const candidates = new Map<string, string>();
    for (const h of ofCarrier) if (h.subscriber) candidates.set(h.subscriber.demo, h.id);
    for (const [key, handset] of this.seenIds) {
      const [c, id] = key.split('\n') as [string, string];
      if (c === carrier) candidates.set(id, handset);
    }
    if (carrier) {
      for (const [id, handset] of candidates) {
        const m = await this.s.members.bySubscriber(carrier, id);
        if (m?.mail?.toLowerCase() === mail) return { spec: HANDSETS.find((h) => h.id === handset) ?? fallback, id };
      }
    }
    const typed = this.typedFrom.get(mail);
    const typedSpec = typed && HANDSETS.find((h) => h.id === typed.handset);
    if (typedSpec && (!carrier || typedSpec.carrier === carrier)) return { spec: typedSpec, id: await this.ownId(typedSpec, typed.id, mail) };
    return { spec: fallback, id: '' };
  }

  /** The typed-from handset's ID, unless it is bound to another member. */
  private async ownId(spec: HandsetSpec, id: string, mail: string): Promise<string> {
    if (!id || !spec.subscriber) return '';
    const m = await this.s.members.bySubscriber(spec.carrier, id);
    return !m || m.mail?.toLowerCase() === mail ? id : '';
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  if (map.size >= MAX_REMEMBERED) map.delete(map.keys().next().value as string);
  map.set(key, value);
}
