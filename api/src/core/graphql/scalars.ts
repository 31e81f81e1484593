import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from '../errors.js';
import { parseDate } from '../text.js';

/** A calendar date (YYYY-MM-DD) in Asia/Ho_Chi_Minh; no time, no zone. */
export const LocalDate = new GraphQLScalarType<string, string>({
  name: 'LocalDate',
  description: 'A calendar date as YYYY-MM-DD (Vietnam time); the portal shows it as dd/mm/yyyy.',
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return String(value).slice(0, 10);
  },
  parseValue(value) {
    if (typeof value !== 'string') throw badInput('A date must be a string YYYY-MM-DD');
    return parseDate(value, 'date');
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('A date must be a string YYYY-MM-DD');
    return parseDate(ast.value, 'date');
  },
});

/**
 * An instant, serialised as ISO 8601 UTC. Read paths return PostgreSQL's text form
 * ("2026-11-25 20:44:00.123456+00") as well as Date objects; both are accepted here, in one place.
 */
export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant as ISO 8601 in UTC, e.g. 2026-11-25T13:44:00.000Z.',
  serialize(value) {
    const date =
      value instanceof Date
        ? value
        : new Date(
            String(value)
              .replace(' ', 'T')
              .replace(/([+-]\d\d)$/, '$1:00'),
          );
    if (Number.isNaN(date.getTime())) throw new TypeError('not a date-time');
    return date.toISOString();
  },
  parseValue(value) {
    const date = new Date(String(value));
    if (typeof value !== 'string' || Number.isNaN(date.getTime())) throw badInput('A date-time must be an ISO 8601 string');
    return date;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || Number.isNaN(new Date(ast.value).getTime())) throw badInput('A date-time must be an ISO 8601 string');
    return new Date(ast.value);
  },
});
