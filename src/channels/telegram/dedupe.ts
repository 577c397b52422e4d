// Telegram re-sends a webhook update it got no timely 2xx for, and behind a load balancer the
// retry can reach another replica than the first delivery; update_id is then the same. The
// first replica to claim an update id answers it; the others drop it. (In polling mode the
// offset already prevents repeats; the check costs one claim per update.)
import type { Context, MiddlewareFn } from "telegraf";
import type { Logger } from "../../log.js";
import type { SharedState } from "../../state/shared-state.js";

/** Long enough for Telegram's retries of a slow delivery; short enough to keep the set small. */
export const TELEGRAM_UPDATE_TTL_MS = 60 * 60_000;

export function dropRepeatedUpdates(state: SharedState, botKey: string, log: Logger): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const id = ctx.update.update_id;
    if (!(await state.claim(`telegram:update:${botKey}:${id}`, TELEGRAM_UPDATE_TTL_MS))) {
      log.info("telegram: dropped an update already taken", { updateId: id });
      return;
    }
    await next();
  };
}
