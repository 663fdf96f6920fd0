/**
 * A set of 64-bit structural hashes held as (high, low) 32-bit words in one open-addressing
 * table (linear probing, load ≤ 1/2). The corpus store checks every network against it: no
 * string per network (a `Set<string>` of 16-hex-digit keys cost three strings and a rehash of
 * strings per row), and 10^5 entries take 1.5 MB in two typed arrays instead of 10^5 heap objects.
 */
export class HashSet64 {
  /** Slot s holds (hi, lo) at 2s, 2s + 1; `used[s]` says whether it is taken (hash 0:0 is a valid hash). */
  private words: Uint32Array;
  private used: Uint8Array;
  private mask: number;
  size = 0;

  constructor(capacity = 16) {
    let slots = 16;
    while (slots < 2 * capacity) slots *= 2;
    this.words = new Uint32Array(2 * slots);
    this.used = new Uint8Array(slots);
    this.mask = slots - 1;
  }

  /** Adds (hi, lo); returns false when it was already in the set. */
  add(hi: number, lo: number): boolean {
    if (2 * (this.size + 1) > this.used.length) this.grow();
    return this.insert(hi >>> 0, lo >>> 0);
  }

  has(hi: number, lo: number): boolean {
    const h = hi >>> 0;
    const l = lo >>> 0;
    for (let s = this.slot(h, l); this.used[s] === 1; s = (s + 1) & this.mask)
      if (this.words[2 * s] === h && this.words[2 * s + 1] === l) return true;
    return false;
  }

  /** Both words mixed (the low bits of a FNV lane alone cluster), masked to a slot. */
  private slot(hi: number, lo: number): number {
    const x = Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b);
    return (x ^ (x >>> 16)) & this.mask;
  }

  private insert(hi: number, lo: number): boolean {
    let s = this.slot(hi, lo);
    for (; this.used[s] === 1; s = (s + 1) & this.mask)
      if (this.words[2 * s] === hi && this.words[2 * s + 1] === lo) return false;
    this.used[s] = 1;
    this.words[2 * s] = hi;
    this.words[2 * s + 1] = lo;
    this.size++;
    return true;
  }

  private grow(): void {
    const { words, used } = this;
    this.words = new Uint32Array(2 * words.length);
    this.used = new Uint8Array(2 * used.length);
    this.mask = this.used.length - 1;
    this.size = 0;
    for (let s = 0; s < used.length; s++)
      if (used[s] === 1) this.insert(words[2 * s] as number, words[2 * s + 1] as number);
  }
}
