import { formatDate } from '../i18n/format';
import { toHttpError, type ApiError } from '../providers/errors';

type Translate = (key: string, options?: Record<string, unknown> | string, defaultMessage?: string) => string;

export interface ErrorText {
  code: string;
  title: string;
  description: string;
  /** The API's own message, shown small as technical detail (API messages are English). */
  detail: string;
}

/**
 * What to tell an official about a failed call: a Vietnamese title chosen by code, and advice
 * chosen by reason when the portal words that reason (from the error's fields, never its
 * message), else by code.
 */
export function describeError(error: unknown, translate: Translate): ErrorText {
  const e: ApiError = toHttpError(error);
  const code = translate(`errors.${e.code}`, '') ? e.code : 'SERVER_ERROR';
  const byReason = e.reason ? translate(`errors.reasons.${e.reason}`, reasonFigures(e), '') : '';
  return {
    code: e.code,
    title: translate(`errors.${code}`),
    description: byReason || translate(`errors.descriptions.${code}`),
    detail: e.message,
  };
}

/** The figures a reason's wording takes, from the error's extensions (a unit's lifetime and successors). */
function reasonFigures(e: ApiError): Record<string, unknown> {
  const x = e.extensions ?? {};
  const unit = x.unit as { name?: string } | undefined;
  const successors = Array.isArray(x.successors) ? (x.successors as { name: string }[]).map((s) => s.name).join(', ') : '';
  return {
    unit: unit?.name ?? '',
    date: typeof x.date === 'string' ? formatDate(x.date) : '',
    lastDay: typeof x.validTo === 'string' ? formatDate(x.validTo) : '',
    firstDay: typeof x.validFrom === 'string' ? formatDate(x.validFrom) : '',
    successors,
  };
}

/** The message of a BAD_USER_INPUT on a field, in the user's language when it is a known one. */
export function fieldMessage(error: ApiError, translate: Translate): string {
  return translate(`errors.fields.${error.message}`, error.message);
}
