// A least-recently-used cache of at most `capacity` entries: lru-cache's, under the name and
// constructor planbot's callers use (get, set, has, delete… are lru-cache's own).
import { LRUCache } from "lru-cache";

export class LruCache<K extends {}, V extends {}> extends LRUCache<K, V> {
  constructor(capacity: number) {
    super({ max: capacity });
  }
}
