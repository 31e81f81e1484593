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
 * What to tell an official about a failed call, chosen by the API's codes only — `code`, then
 * `reason` and `field` when the API gives them — never by reading its (English) message, which
 * is shown apart as technical detail.
 */
export function describeError(error: unknown, translate: Translate): ErrorText {
  const e: ApiError = toHttpError(error);
  const code = translate(`errors.${e.code}`, '') ? e.code : 'SERVER_ERROR';
  // A reason refines any code (TOO_LARGE: FILE_TOO_LARGE, BUSY: IMPORT_QUEUE_FULL …); a field only BAD_USER_INPUT.
  const specific = (e.reason && translate(`errors.reasons.${e.reason}`, reasonFigures(e), '')) || (e.code === 'BAD_USER_INPUT' ? fieldMessage(e, translate, '') : '');
  return {
    code: e.code,
    title: translate(`errors.${code}`),
    description: specific || translate(`errors.descriptions.${code}`),
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

/** The message of a BAD_USER_INPUT, by its reason, else by its field, else the general one. */
export function fieldMessage(error: ApiError, translate: Translate, fallback = translate('errors.descriptions.BAD_USER_INPUT')): string {
  return (
    (error.reason && translate(`errors.reasons.${error.reason}`, reasonFigures(error), '')) || (error.field && translate(`errors.fields.${error.field}`, '')) || fallback
  );
}
