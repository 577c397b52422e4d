// Telegram shows "typing…" for about 5 seconds per sendChatAction, so it is re-sent until the
// answer is out. Failures are ignored: the indicator is a courtesy, the answer is what matters.

export const TYPING_INTERVAL_MS = 4_000;

/** Sends the action now and every `intervalMs`; call the returned function to stop. */
export function keepTyping(send: () => Promise<unknown>, intervalMs = TYPING_INTERVAL_MS): () => void {
  const once = () => void send().catch(() => undefined);
  once();
  const timer = setInterval(once, intervalMs);
  return () => clearInterval(timer);
}
