// A question's reads survive a Postgres restart: a read that failed because the connection or
// the server went away is tried again (the pool opens a new connection, which gets the session
// settings again) until the server is back or RECONNECT_MS have passed. Reads only: retrying
// them cannot write anything twice. A query that was wrong or too slow is not retried.
const RECONNECT_MS = 30_000;
const MAX_PAUSE_MS = 1_000;

/** Node's socket errors and Postgres's shutdown, crash-recovery and connection-failure codes. */
const LOST = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006"]);

export function isConnectionLost(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string" && LOST.has(code)) return true;
  const message = err instanceof Error ? err.message : "";
  return /Connection terminated|terminating connection|timeout exceeded when trying to connect|the database system is (starting up|in recovery mode|shutting down)/i.test(message);
}

export async function retryingRead<T>(read: () => Promise<T>, budgetMs = RECONNECT_MS): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (!isConnectionLost(err) || Date.now() >= deadline) throw err;
      await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, MAX_PAUSE_MS, Math.max(0, deadline - Date.now()))));
    }
  }
}
