import { describe, expect, it } from 'vitest';
import { onlyReads } from './read-routing.js';

describe('onlyReads', () => {
  it('a query reads; a mutation, a syntax error or an unknown operation name counts as a write — asked once or again', () => {
    for (let round = 0; round < 2; round++) {
      expect(onlyReads({ query: '{ me { id } }' })).toBe(true);
      expect(onlyReads({ query: 'mutation { signOut }' })).toBe(false);
      expect(onlyReads({ query: '{ me { id ' })).toBe(false);
      const both = 'query A { me { id } } mutation B { signOut }';
      expect(onlyReads({ query: both, operationName: 'A' })).toBe(true);
      expect(onlyReads({ query: both, operationName: 'B' })).toBe(false);
      expect(onlyReads({ query: both, operationName: 'C' })).toBe(false);
      expect(onlyReads({ query: both })).toBe(false);
      expect(onlyReads({})).toBe(false);
    }
  });
});
