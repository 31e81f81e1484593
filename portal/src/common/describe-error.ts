import { toHttpError, type ApiError } from '../providers/errors';

type Translate = (key: string, options?: Record<string, unknown> | string, defaultMessage?: string) => string;

export interface ErrorText {
  code: string;
  title: string;
  description: string;
  /** The API's own message, shown small as technical detail (API messages are English). */
  detail: string;
}

/** What to tell an official about a failed call: a Vietnamese title and advice chosen by code. */
export function describeError(error: unknown, translate: Translate): ErrorText {
  const e: ApiError = toHttpError(error);
  const code = translate(`errors.${e.code}`, '') ? e.code : 'SERVER_ERROR';
  return {
    code: e.code,
    title: translate(`errors.${code}`),
    description: translate(`errors.descriptions.${code}`),
    detail: e.message,
  };
}

/** The message of a BAD_USER_INPUT on a field, in the user's language when it is a known one. */
export function fieldMessage(error: ApiError, translate: Translate): string {
  return translate(`errors.fields.${error.message}`, error.message);
}
