// The per-user question limit, told to the user once per window rather than on every message
// (a flood of refusals would be as noisy as the flood of questions).
import { RateLimiter } from "../../rate-limit.js";

export type LimitVerdict = { allowed: true } | { allowed: false; tell: boolean; retryAfterS: number };

export class QuestionLimit {
  private readonly limiter: RateLimiter;
  private readonly toldUntil = new Map<string, number>();

  constructor(
    perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.limiter = new RateLimiter(perMinute, 60_000, now);
  }

  take(who: string): LimitVerdict {
    const { allowed, retryAfterMs } = this.limiter.take(who);
    const t = this.now();
    if (allowed) {
      this.toldUntil.delete(who);
      return { allowed: true };
    }
    const tell = (this.toldUntil.get(who) ?? 0) <= t;
    if (tell) this.toldUntil.set(who, t + retryAfterMs);
    if (this.toldUntil.size > 10_000) {
      for (const [k, until] of this.toldUntil) if (until <= t) this.toldUntil.delete(k);
    }
    return { allowed: false, tell, retryAfterS: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
  }
}

/** Whom a limit applies to: the sender, or the chat when there is none (anonymous group admins). */
export function askerKey(fromId: number | undefined, chatId: number): string {
  return fromId !== undefined ? `user:${fromId}` : `chat:${chatId}`;
}
