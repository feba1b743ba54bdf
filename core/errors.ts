/** Typed domain errors; gateway/ maps each code to a page and status. */
export type DomainErrorCode =
  | 'invalid_input'
  | 'invalid_credentials'
  | 'pending_verification'
  | 'account_suspended'
  | 'invitation_invalid'
  | 'login_taken'
  | 'too_young'
  | 'subscriber_already_bound'
  | 'subscriber_not_bound'
  | 'token_invalid'
  | 'rate_limited'
  | 'not_found'
  | 'already_friends'
  | 'request_pending'
  | 'forbidden'
  | 'course_active'
  | 'course_not_active'
  | 'course_unavailable'
  | 'billing_rejected'
  | 'insufficient_points'
  /** A concurrent transaction changed what this one read; the caller may run it again. */
  | 'conflict';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    /** Field → problem, in members' language, for forms. */
    readonly fields: Record<string, string> = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export function isDomainError(e: unknown, code?: DomainErrorCode): e is DomainError {
  return e instanceof DomainError && (code === undefined || e.code === code);
}
