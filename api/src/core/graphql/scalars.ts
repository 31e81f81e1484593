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
