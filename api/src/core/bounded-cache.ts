/**
 * A least-recently-used cache held to a number of entries and a total weight (what the entries
 * cost in memory, as the caller weighs them). Filling it evicts the entries used longest ago, so a
 * caller sending endless distinct keys (documents, variables) costs a bounded amount of memory
 * and only pushes out its own entries and the coldest others (docs/ARCHITECTURE.md, "Request limits").
 * An entry heavier than the whole cache is not kept.
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, { value: V; weight: number }>();
  #weight = 0;

  constructor(
    private readonly limits: { maxEntries: number; maxWeight: number },
    private readonly weigh: (value: V, key: K) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // Map keeps insertion order: moving the entry to the end makes the first one the coldest.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.weigh(value, key);
    if (weight > this.limits.maxWeight || this.limits.maxEntries < 1) return;
    this.#entries.set(key, { value, weight });
    this.#weight += weight;
    for (const [coldest, entry] of this.#entries) {
      if (this.#entries.size <= this.limits.maxEntries && this.#weight <= this.limits.maxWeight) break;
      this.#entries.delete(coldest);
      this.#weight -= entry.weight;
    }
  }

  delete(key: K): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return false;
    this.#entries.delete(key);
    this.#weight -= entry.weight;
    return true;
  }

  /** Entries and total weight now (tests, operators). */
  get stats(): { entries: number; weight: number } {
    return { entries: this.#entries.size, weight: this.#weight };
  }
}
