// 👍 / 👎 under an answer, recorded in the feedback file once per answer: the question and answer
// are remembered per answer message (bounded, in memory), so a second press (or two racing) is
// recorded once; an answer sent before a restart is voted on from what its message still shows.
import type { FeedbackStore, Vote } from "../../feedback.js";
import type { Logger } from "../../log.js";
import type { Citation } from "../../types.js";

export interface Voted {
  question: string;
  answer: string;
  /** What the answer cited and which index version answered: recorded with the vote, shown by /quote. */
  citations?: Citation[];
  indexVersion?: string;
}

export type Claim = { state: "new"; entry: Voted } | { state: "already" } | { state: "unknown" };

export class AnswerMemory {
  private readonly entries = new Map<string, Voted & { voted: boolean }>();
  /** The message id of each conversation's latest answer (what `/quote` with no reply means). */
  private readonly latestIds = new Map<string, string | number>();

  constructor(private readonly capacity = 2_000) {}

  remember(conversation: string | number, messageId: string | number, entry: Voted): void {
    const key = `${conversation}:${messageId}`;
    this.entries.delete(key);
    this.entries.set(key, { ...entry, voted: false });
    this.latestIds.delete(String(conversation));
    this.latestIds.set(String(conversation), messageId);
    // Map keeps insertion order: the first key is the oldest.
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    while (this.latestIds.size > this.capacity) this.latestIds.delete(this.latestIds.keys().next().value!);
  }

  /** A remembered answer: the one sent as `messageId`, or the conversation's latest. */
  recall(conversation: string | number, messageId?: string | number): Voted | undefined {
    const id = messageId ?? this.latestIds.get(String(conversation));
    const e = id === undefined ? undefined : this.entries.get(`${conversation}:${id}`);
    return e && withoutFlag(e);
  }

  /**
   * Claims the one vote an answer gets. `fallback` stands in for an answer not remembered (sent
   * before a restart).
   */
  claim(conversation: string | number, messageId: string | number, fallback?: Voted): Claim {
    const key = `${conversation}:${messageId}`;
    const e = this.entries.get(key);
    if (!e) {
      if (!fallback) return { state: "unknown" };
      this.remember(conversation, messageId, fallback);
      return this.claim(conversation, messageId);
    }
    if (e.voted) return { state: "already" };
    e.voted = true;
    return { state: "new", entry: withoutFlag(e) };
  }
}

function withoutFlag({ voted: _, ...entry }: Voted & { voted: boolean }): Voted {
  return entry;
}

export interface Ballot {
  conversation: string;
  messageId: string | number;
  vote: Vote;
  /** Who voted, as the feedback file records it (hashed there). */
  who: string;
  /** What the message shows: stands in for an answer this process does not remember. */
  shown?: Voted;
}

/** How a vote went, for the adapter to tell the voter. */
export type VoteOutcome = "thanks" | "already" | "gone" | "failed";

export class VoteBox extends AnswerMemory {
  constructor(
    private readonly channel: string,
    private readonly log: Logger,
    private readonly feedback?: FeedbackStore,
  ) {
    super();
  }

  async cast(ballot: Ballot): Promise<VoteOutcome> {
    const claim = this.claim(ballot.conversation, ballot.messageId, ballot.shown);
    if (claim.state !== "new") return claim.state === "already" ? "already" : "gone";
    try {
      if (!this.feedback) throw new Error("no feedback store");
      await this.feedback.record({ channel: this.channel, who: ballot.who, vote: ballot.vote, ...claim.entry });
      return "thanks";
    } catch (err) {
      this.log.error(`${this.channel}: feedback not recorded`, { error: err });
      return "failed";
    }
  }
}
