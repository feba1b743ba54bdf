/** Names of the gateway's own parameters, shared by middleware and the renderer. */
export const SESSION_COOKIE = 'ashiato_sid';
/** The URL / form parameter that carries the session for handsets without cookies. */
export const SESSION_PARAM = 'sid';
export const CSRF_PARAM = 'csrf';
/** Which part of a page split for a small handset. */
export const PAGE_PARAM = 'pg';
/** One-time token on every POST form, so a form sent twice is acted on once. */
export const ONCE_PARAM = 'once';
/** The pre-session (a guest's CSRF binding): a cookie where the handset keeps cookies, else this URL parameter. */
export const PRE_SESSION_COOKIE = 'ashiato_pre';
export const PRE_SESSION_PARAM = 'pre';
/** Marks a browser that signed in before, so a stranger's failed passwords do not lock it out. */
export const DEVICE_COOKIE = 'ashiato_dev';
/**
 * Pages whose handlers read the subscriber ID (easy login, binding a handset, the password form's
 * throttling by ID). Every link, form and redirect to them asks the carrier to send it (docomo:
 * guid=ON), so a member reaching 設定 from any menu sees the bind button.
 */
export const SUBSCRIBER_ID_PATHS: ReadonlySet<string> = new Set(['/login', '/login/easy', '/settings', '/settings/easy-login']);
