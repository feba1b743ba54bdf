import type { Context } from 'hono';
import { DomainError, type DomainErrorCode } from '../core/errors.js';
import type { Page } from '../templates/layout.js';
import type { AppEnv } from './env.js';
import { redirectTo, sendPage } from './render.js';

/** What the domain said about a form it refused. */
export interface FormRefusal {
  code: DomainErrorCode;
  /** Field → problem, in members' language. */
  fields: Readonly<Record<string, string>>;
  /** The first problem, for forms that show one line. */
  message: string | undefined;
}

interface Refusals {
  /** The form again, showing what was refused. */
  rerender: (refusal: FormRefusal) => Page | Promise<Page>;
  /** Which refusals show the form again, and with which status (null: not this one). */
  refuse?: (e: DomainError) => number | null;
}

/** Acting answers itself (a page, or a redirect it chose). */
type Answering = Refusals & { act: () => Promise<Response> };
/** Acting, then a 302 to where the result leads (the new entry, the profile written on). */
type Redirecting<T> = Refusals & { act: () => Promise<T>; redirect: (result: T) => string };

/** By default only refused input shows the form again. */
const invalidInput = (e: DomainError) => (e.code === 'invalid_input' ? 400 : null);

/**
 * The one way a form is answered: act on it; a refusal the form can explain (by default
 * `invalid_input`, 400) shows the form again with the member's values and the reasons; any other
 * domain error goes on to gateway/errors.ts (its page and status), anything else is a fault.
 */
export async function handleForm(c: Context<AppEnv>, form: Answering): Promise<Response>;
export async function handleForm<T>(c: Context<AppEnv>, form: Redirecting<T>): Promise<Response>;
export async function handleForm<T>(c: Context<AppEnv>, form: Answering | Redirecting<T>): Promise<Response> {
  try {
    const result = await form.act();
    return 'redirect' in form ? redirectTo(c, form.redirect(result as T)) : (result as Response);
  } catch (e) {
    const status = e instanceof DomainError ? (form.refuse ?? invalidInput)(e) : null;
    if (status === null) throw e;
    const { code, fields } = e as DomainError;
    return sendPage(c, await form.rerender({ code, fields, message: Object.values(fields)[0] }), status);
  }
}
