// Feedback from any channel: one JSON line per vote in <dataDir>/feedback.jsonl, and after a 👎
// an optional one-line reason, stored with what was answered (question, answer, citations,
// index version) so that `npm run feedback -- --export` can turn it into an eval case.
import { createHash } from "node:crypto";
import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";
import type { Citation } from "./types.js";

export type Vote = "up" | "down";

export interface FeedbackEntry {
  /** The channel's name, as channels/registry.ts lists it. */
  channel: string;
  /** Chat or user id; stored hashed, never in clear. */
  who: string;
  question: string;
  answer: string;
  vote: Vote;
  /** The answer's citations (source, offsets, quote), when the channel has them. */
  citations?: Citation[];
  /** The index version that answered (LiveQa.version). */
  indexVersion?: string;
}

/** Why a 👎: the user's one line, with what was answered. */
export interface FeedbackReason extends Omit<FeedbackEntry, "vote"> {
  reason: string;
}

/** Longest reason kept (characters); a reason is one line. */
export const MAX_REASON_CHARS = 300;

/** A stored line: a vote, or (type "reason") the reason given after a 👎. */
export interface FeedbackLine {
  time: string;
  type?: "reason";
  channel: FeedbackEntry["channel"];
  who: string;
  question: string;
  answer: string;
  vote: Vote;
  citations?: Array<Pick<Citation, "n" | "source" | "start" | "end" | "text"> & { page?: number }>;
  indexVersion?: string;
  reason?: string;
}

export class FeedbackStore {
  readonly file: string;
  private ready?: Promise<unknown>;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, "feedback.jsonl");
  }

  async record(entry: FeedbackEntry): Promise<void> {
    await this.append({ time: new Date().toISOString(), ...stored(entry), vote: entry.vote });
  }

  /**
   * Stores the reason given after a 👎 (Telegram force-reply, Slack modal): cleaned to one line of
   * at most MAX_REASON_CHARS. Returns false when nothing was left to store (an empty reply).
   */
  async recordReason(entry: FeedbackReason): Promise<boolean> {
    const reason = oneLine(entry.reason);
    if (!reason) return false;
    await this.append({ time: new Date().toISOString(), type: "reason", ...stored(entry), vote: "down", reason });
    return true;
  }

  private async append(line: FeedbackLine): Promise<void> {
    this.ready ??= mkdir(path.dirname(this.file), { recursive: true });
    await this.ready;
    // One write per line keeps lines whole even when two channels vote at once.
    await appendFile(this.file, JSON.stringify(line) + "\n", "utf8");
  }
}

function stored(entry: Omit<FeedbackEntry, "vote">): Omit<FeedbackLine, "time" | "vote"> {
  return {
    channel: entry.channel,
    who: hashId(entry.who),
    question: entry.question,
    answer: entry.answer,
    ...(entry.citations ? { citations: entry.citations.map(({ n, source, start, end, text, page }) => ({ n, source, start, end, text, ...(page !== undefined ? { page } : {}) })) } : {}),
    ...(entry.indexVersion ? { indexVersion: entry.indexVersion } : {}),
  };
}

/** One line of visible text: control characters and line breaks become spaces; cut at the limit. */
function oneLine(text: string): string {
  const clean = text
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return clean.length > MAX_REASON_CHARS ? clean.slice(0, MAX_REASON_CHARS - 1) + "…" : clean;
}

/** A stable, non-reversible id for a user or chat (sha256, first 16 hex chars). */
export function hashId(id: string): string {
  return createHash("sha256")
    .update("planbot:" + id)
    .digest("hex")
    .slice(0, 16);
}
