// Feedback from any channel: one JSON line per vote in <dataDir>/feedback.jsonl.
import { createHash } from "node:crypto";
import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";

export type Vote = "up" | "down";

export interface FeedbackEntry {
  /** The channel's name, as channels/registry.ts lists it. */
  channel: string;
  /** Chat or user id; stored hashed, never in clear. */
  who: string;
  question: string;
  answer: string;
  vote: Vote;
}

export class FeedbackStore {
  readonly file: string;
  private ready?: Promise<unknown>;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, "feedback.jsonl");
  }

  async record(entry: FeedbackEntry): Promise<void> {
    this.ready ??= mkdir(path.dirname(this.file), { recursive: true });
    await this.ready;
    const line = {
      time: new Date().toISOString(),
      channel: entry.channel,
      who: hashId(entry.who),
      question: entry.question,
      answer: entry.answer,
      vote: entry.vote,
    };
    // One write per line keeps lines whole even when two channels vote at once.
    await appendFile(this.file, JSON.stringify(line) + "\n", "utf8");
  }
}

/** A stable, non-reversible id for a user or chat (sha256, first 16 hex chars). */
export function hashId(id: string): string {
  return createHash("sha256").update("planbot:" + id).digest("hex").slice(0, 16);
}
