// The per-user question limit (RATE_LIMIT_PER_MINUTE). A refusal says whether to tell the user:
// once per window rather than on every message, for channels where a flood of refusals would be
// as noisy as the flood of questions. Both the count and the "already told" live in the shared
// state, so replicas count and tell as one bot.
import { MemoryState } from "../../state/memory-state.js";
import type { SharedState } from "../../state/shared-state.js";

export type LimitVerdict = { allowed: true } | { allowed: false; tell: boolean; retryAfterS: number };

export class QuestionLimit {
  constructor(
    private readonly perMinute: number,
    now: () => number = Date.now,
    private readonly state: SharedState = new MemoryState(now),
    /** Names the channel in the state's keys (`rate:<channel>:<who>`). */
    private readonly channel = "chat",
  ) {}

  async take(who: string): Promise<LimitVerdict> {
    const { allowed, retryAfterMs } = await this.state.take(`rate:${this.channel}:${who}`, this.perMinute, 60_000);
    if (allowed) return { allowed: true };
    // Told until the oldest counted question leaves the window, i.e. until asking works again.
    const tell = await this.state.claim(`rate-told:${this.channel}:${who}`, Math.max(1, retryAfterMs));
    return { allowed: false, tell, retryAfterS: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
  }
}
