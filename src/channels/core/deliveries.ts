// Platforms deliver an event more than once: Telegram re-sends a webhook update it got no timely
// 2xx for, Slack retries an event it thinks was slow, and behind a load balancer the copy can
// reach another replica. Every adapter keys its events on the platform's id (update_id,
// event_id) in one of these; the ids live in the shared state, so one replica takes an event and
// the others drop it.
import type { SharedState } from "../../state/shared-state.js";

export class Deliveries {
  /** `namespace` names the kind of id, e.g. "slack:event" (keys are `${namespace}:${id}`). */
  constructor(
    private readonly state: SharedState,
    private readonly namespace: string,
    private readonly ttlMs: number,
  ) {}

  /** True for the first delivery of `id` within the time to live, false for every later one. */
  first(id: string | number): Promise<boolean> {
    return this.state.claim(this.key(id), this.ttlMs);
  }

  /** Whether `id` was taken (and not forgotten yet); takes nothing. */
  seen(id: string | number): Promise<boolean> {
    return this.state.claimed(this.key(id));
  }

  private key(id: string | number): string {
    return `${this.namespace}:${id}`;
  }
}
