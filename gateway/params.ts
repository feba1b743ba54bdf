/** Names of the gateway's own parameters, shared by middleware and the renderer. */
export const SESSION_COOKIE = 'ashiato_sid';
/** The URL / form parameter that carries the session for handsets without cookies. */
export const SESSION_PARAM = 'sid';
export const CSRF_PARAM = 'csrf';
/** Which part of a page split for a small handset. */
export const PAGE_PARAM = 'pg';
/** One-time token on every POST form, so a form sent twice is acted on once. */
export const ONCE_PARAM = 'once';
