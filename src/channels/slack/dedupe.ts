// Slack redelivers an event when it thinks we were slow (X-Slack-Retry-Num) and can deliver the
// same event_id twice; bolt does neither check. Events are acked before middleware runs, so
// dropping here still tells Slack to stop retrying.
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Logger } from "../../log.js";

/** A bounded set whose entries expire: enough memory for Slack's retry window, never more. */
export class ExpiringSet {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds `key`; false when it was already there and not yet expired. */
  add(key: string): boolean {
    const t = this.now();
    const at = this.seen.get(key);
    if (at !== undefined && t - at < this.ttlMs) return false;
    this.seen.delete(key);
    this.seen.set(key, t);
    // Map keeps insertion order, so the oldest entries are first.
    for (const [k, v] of this.seen) {
      if (this.seen.size <= this.max && t - v < this.ttlMs) break;
      this.seen.delete(k);
    }
    return true;
  }
}

export function dropRedeliveries(seen: ExpiringSet, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    if (body.type === "event_callback") {
      const eventId = typeof body.event_id === "string" ? body.event_id : undefined;
      if ((context.retryNum ?? 0) > 0) {
        log.info("slack: dropped a retried delivery", { eventId, retryNum: context.retryNum, reason: context.retryReason });
        // Remember it anyway: a retry can arrive before the first delivery when the first was slow.
        if (eventId) seen.add(eventId);
        return;
      }
      if (eventId && !seen.add(eventId)) {
        log.info("slack: dropped a duplicate event", { eventId });
        return;
      }
    }
    await next();
  };
}
