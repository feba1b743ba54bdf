import type { Logger } from 'pino';
import type { Carrier, DeviceProfile } from '../carriers/index.js';
import type { Member } from '../core/members/ports.js';
import type { MemberVersions } from '../core/ports.js';
import type { FormData } from './input.js';
import type { RenderSettings } from './render.js';

/** What the pipeline knows about the current request, set by middleware in order. */
export interface Vars {
  requestId: string;
  render: RenderSettings;
  log: Logger;
  clientIp: string;
  carrier: Carrier;
  device: DeviceProfile;
  carrierIpVerified: boolean;
  /** Verified subscriber ID (carrier gateway address + carrier UA), or null. */
  subscriberId: string | null;
  claimedSubscriberId: string | null;
  query: FormData;
  form: FormData;
  /** Files from a multipart form, on the routes that accept uploads. */
  uploads: Map<string, Uint8Array>;
  /** The session token presented (if live) and its member. */
  sessionToken: string | null;
  member: Member | null;
  /** The signed-in member's counters, read with the session (core/ports.ts); null for guests or none. */
  memberVersions: MemberVersions | null;
  csrfToken: string;
  /** A guest's pre-session (its CSRF binding); `formFields` issues it for a POST form being rendered. */
  preSession: { id: string; formFields(): [string, string][] } | null;
  /** A cookie or header was set before the response (gateway/headers.ts): Hono builds that response. */
  headersPrepared: boolean;
}

/** Hono bindings: the node server passes the socket; in-process callers pass peerAddress. */
export interface Bindings {
  incoming?: { socket?: { remoteAddress?: string }; headers?: Record<string, string | string[] | undefined>; rawHeaders?: string[] };
  peerAddress?: string;
  /** Set only by the emulator's own in-process requests: the QA gate already let its client in. */
  qa?: boolean;
}

export type AppEnv = { Variables: Vars; Bindings: Bindings };
