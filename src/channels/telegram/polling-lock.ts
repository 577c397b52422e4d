// Only one process may long-poll a bot: Telegram ends the older getUpdates of two with a 409, so
// two pollers take turns failing. With shared state (REDIS_URL) a replica takes a lock named
// after the bot before it polls, renews it while polling and lets it go at shutdown; a replica
// that finds it held refuses to start. Several replicas of one bot must use webhook mode.
import type { Logger } from "../../log.js";
import { NotReadyError } from "../../errors.js";
import type { SharedState } from "../../state/shared-state.js";

/** What an operator is told when a second poller shows up, whichever way it is found out. */
export const ANOTHER_POLLER = "another replica is already polling this bot; only one process may poll a bot token, so run several replicas in webhook mode (set TELEGRAM_WEBHOOK_URL)";

/** The lock outlives a stalled holder by at most this long. */
export const POLLING_LOCK_TTL_MS = 30_000;

export interface PollingLock {
  release(): Promise<void>;
}

/**
 * Takes the bot's polling lock and keeps renewing it (every third of its time to live) until
 * released. Throws a NotReadyError when another replica holds it; calls `lost` if another one
 * takes it over later (after an outage longer than the time to live).
 */
export async function holdPollingLock(state: SharedState, botKey: string, log: Logger, lost: () => void, ttlMs = POLLING_LOCK_TTL_MS): Promise<PollingLock> {
  const lock = await state.lock(`telegram:polling:${botKey}`, ttlMs);
  if (!lock) throw new NotReadyError(`Telegram: ${ANOTHER_POLLER}.`);
  let renewing = false;
  const timer = setInterval(
    () => {
      if (renewing) return;
      renewing = true;
      void lock
        .renew()
        .then((held) => {
          if (held) return;
          clearInterval(timer);
          log.error(`telegram: the polling lock was taken over: ${ANOTHER_POLLER}. Polling stops here.`);
          lost();
        })
        .catch((err: unknown) => log.warn("telegram: renewing the polling lock failed", { error: err }))
        .finally(() => (renewing = false));
    },
    Math.max(10, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await lock.release();
    },
  };
}
