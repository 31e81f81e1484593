import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache.js';

describe('BoundedCache', () => {
  it('keeps at most maxEntries, evicting the least recently used', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 3, maxWeight: 100 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1); // a is now the most recent: b is the coldest
    cache.set('d', 4);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([1, 3, 4]);
    expect(cache.stats).toEqual({ entries: 3, weight: 3 });
  });

  it('keeps the total weight within maxWeight, and never an entry heavier than the whole cache', () => {
    const cache = new BoundedCache<string, string>({ maxEntries: 100, maxWeight: 10 }, (v) => v.length);
    cache.set('a', 'xxxx');
    cache.set('b', 'yyyy');
    cache.set('c', 'zzzz'); // 12 > 10: a goes
    expect(cache.get('a')).toBeUndefined();
    expect(cache.stats).toEqual({ entries: 2, weight: 8 });
    cache.set('huge', 'x'.repeat(11));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.stats).toEqual({ entries: 2, weight: 8 });
    cache.set('b', 'y'); // replacing an entry re-weighs it
    expect(cache.stats).toEqual({ entries: 2, weight: 5 });
  });

  it('a caller sending 100,000 distinct keys leaves it at its bounds', () => {
    const cache = new BoundedCache<string, string>({ maxEntries: 1000, maxWeight: 50_000 }, (v) => v.length);
    for (let i = 0; i < 100_000; i++) cache.set(`k${i}`, `value ${i} `.repeat(10));
    expect(cache.stats.entries).toBeLessThanOrEqual(1000);
    expect(cache.stats.weight).toBeLessThanOrEqual(50_000);
    expect(cache.get('k99999')).toBeDefined();
  });
});
