// Slack redelivers an event when it thinks we were slow (X-Slack-Retry-Num) and can deliver the
// same event_id twice, to any replica behind the load balancer; bolt does neither check. Events
// are acked before middleware runs, so dropping here still tells Slack to stop retrying. The
// event ids live in the shared state, so one replica answers an event, not each of them.
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Logger } from "../../log.js";
import type { SharedState } from "../../state/shared-state.js";

// The set moved to src/state/ when de-duplication became shared; tests still import it here.
export { ExpiringSet } from "../../state/expiring-set.js";

/** Slack retries three times: almost at once, after a minute, after five minutes. */
export const SLACK_EVENT_TTL_MS = 10 * 60_000;

export function dropRedeliveries(state: SharedState, log: Logger): Middleware<AnyMiddlewareArgs> {
  const claim = (eventId: string) => state.claim(`slack:event:${eventId}`, SLACK_EVENT_TTL_MS);
  return async ({ body, context, next }) => {
    if (body.type === "event_callback") {
      const eventId = typeof body.event_id === "string" ? body.event_id : undefined;
      if ((context.retryNum ?? 0) > 0) {
        log.info("slack: dropped a retried delivery", { eventId, retryNum: context.retryNum, reason: context.retryReason });
        // Remember it anyway: a retry can arrive before the first delivery when the first was slow.
        if (eventId) await claim(eventId);
        return;
      }
      if (eventId && !(await claim(eventId))) {
        log.info("slack: dropped a duplicate event", { eventId });
        return;
      }
    }
    await next();
  };
}
