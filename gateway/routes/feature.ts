import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';
import { requireMember } from '../middleware/session.js';

/** Who may use a route: anyone (`guest`: signed in or not) or signed-in members only (`member`). */
export type AuthLevel = 'guest' | 'member';

/** What a feature declares once, at its top (the misskey habit: auth, limits and guards in one place). */
export interface FeatureSpec {
  /** `member`: a guest is sent to the login page, whatever the id (nobody walks members by id). */
  auth: AuthLevel;
  /** Paths of a member feature that guests may use all the same, each for a stated reason. */
  guestPaths?: readonly string[];
  /**
   * Path patterns guarded as a whole: anything under them, even a page that does not exist,
   * gets the feature's auth and guards (a guest is asked to sign in rather than told "missing").
   */
  areas?: readonly string[];
  /**
   * Request paths that take a photo upload (multipart, up to MAX_UPLOAD_BYTES); every other
   * POST is a text form of at most MAX_FORM_BYTES (gateway/middleware/input.ts reads the body
   * before the session, so it is told these paths by gateway/app.ts).
   */
  uploads?: readonly RegExp[];
  /** Further middleware in front of every route and area of the feature, after its auth. */
  guards?: readonly MiddlewareHandler<AppEnv>[];
}

export type RouteHandler = (c: Context<AppEnv>) => Response | Promise<Response>;

/** True when the route pattern lies inside an area pattern (`/settings/*` holds `/settings/photo`). */
function inArea(path: string, area: string): boolean {
  if (!area.endsWith('/*')) return path === area;
  return path === area.slice(0, -2) || path.startsWith(area.slice(0, -1));
}

/**
 * A feature's sub-app, mounted with `app.route()` in gateway/app.ts. Every route is registered
 * through it, so the feature's auth level and guards stand in front of each path it serves (for
 * every method: a guest posting to a member page is asked to sign in, as one opening it is),
 * and never in front of another feature's pages (a sub-app mounted at `/` that used `use('*')`
 * would guard the whole site).
 */
export class Feature {
  readonly app = new Hono<AppEnv>();
  readonly uploads: readonly RegExp[];
  private readonly guarded = new Set<string>();

  constructor(private readonly spec: FeatureSpec) {
    this.uploads = spec.uploads ?? [];
    for (const area of spec.areas ?? []) this.guard(area, this.chain(area));
  }

  get(path: string, handler: RouteHandler): this {
    this.guardPath(path);
    this.app.get(path, handler);
    return this;
  }

  post(path: string, handler: RouteHandler): this {
    this.guardPath(path);
    this.app.post(path, handler);
    return this;
  }

  private chain(path: string): MiddlewareHandler<AppEnv>[] {
    const member = this.spec.auth === 'member' && !this.spec.guestPaths?.includes(path);
    return [...(member ? [requireMember] : []), ...(this.spec.guards ?? [])];
  }

  /** Each path once; a path inside a declared area is already guarded by it. */
  private guardPath(path: string): void {
    if ((this.spec.areas ?? []).some((a) => inArea(path, a))) return;
    this.guard(path, this.chain(path));
  }

  private guard(path: string, chain: MiddlewareHandler<AppEnv>[]): void {
    if (this.guarded.has(path) || chain.length === 0) return;
    this.guarded.add(path);
    this.app.use(path, ...chain);
  }
}

/** A feature sub-app with its declaration (see FeatureSpec). */
export function feature(spec: FeatureSpec): Feature {
  return new Feature(spec);
}
