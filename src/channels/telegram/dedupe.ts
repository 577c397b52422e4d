// Webhook mode: Telegram re-sends a webhook update it got no timely 2xx for, and behind a load balancer the
// retry can reach another replica than the first delivery; update_id is then the same. The
// first replica to claim an update id answers it; the others drop it. (In polling mode the
// offset already prevents repeats.)
//
// Polling mode: an update is confirmed to Telegram only once answered (unanswered.ts), so after a
// kill the next start is sent again what was answered but not yet confirmed. Each answered update
// is remembered (in Redis, when shared, it outlives the process), and one remembered is not
// answered again. Remembering on arrival instead would drop, after a kill, an update that was
// taken but never answered.
import type { Context, MiddlewareFn } from "telegraf";
import type { Logger } from "../../log.js";
import type { SharedState } from "../../state/shared-state.js";

/** Long enough for Telegram's retries of a slow delivery; short enough to keep the set small. */
export const TELEGRAM_UPDATE_TTL_MS = 60 * 60_000;

const answeredKey = (botKey: string, id: number) => `telegram:answered:${botKey}:${id}`;

/** Polling mode: drops an update answered before (see above). */
export function skipAnsweredUpdates(state: SharedState, botKey: string, log: Logger): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const id = ctx.update.update_id;
    if (await state.claimed(answeredKey(botKey, id))) {
      log.info("telegram: dropped an update already answered", { updateId: id });
      return;
    }
    await next();
  };
}

/** Remembers that an update was answered (polling mode). */
export async function rememberAnswered(state: SharedState, botKey: string, id: number): Promise<void> {
  await state.claim(answeredKey(botKey, id), TELEGRAM_UPDATE_TTL_MS);
}

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
