// LruCache (lru-cache underneath): bounded, and the entry used longest ago goes first.
import { describe, expect, it } from "vitest";
import { LruCache } from "../src/util/lru.js";

describe("LruCache", () => {
  it("keeps at most its capacity, dropping the least recently used entry", () => {
    const cache = new LruCache<string, number[]>(2);
    cache.set("a", [1]);
    cache.set("b", [2]);
    expect(cache.get("a")).toEqual([1]); // "a" is now the most recently used
    cache.set("c", [3]);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toEqual([1]);
    expect(cache.get("c")).toEqual([3]);
    cache.set("a", [4]); // replacing a value keeps one entry for the key
    expect(cache.size).toBe(2);
    expect(cache.get("a")).toEqual([4]);
  });
});
