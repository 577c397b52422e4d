// What the votes say (`npm run feedback`): votes per day, the questions with the most 👎 and
// the reasons given; and the 👎 cases as eval dataset lines (`--export FILE.jsonl`), with
// `answers` left empty for a person to fill, so that a wrong answer becomes a regression test.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { FeedbackLine } from "./feedback.js";

export interface FeedbackRead {
  lines: FeedbackLine[];
  /** Lines that were not feedback (damaged by a crash mid-write, edited by hand). */
  unreadable: number;
}

export async function readFeedback(file: string): Promise<FeedbackRead> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { lines: [], unreadable: 0 };
    throw err;
  }
  const lines: FeedbackLine[] = [];
  let unreadable = 0;
  for (const raw of text.split("\n")) {
    if (!raw.trim()) continue;
    try {
      const line = JSON.parse(raw) as FeedbackLine;
      if (typeof line.question !== "string" || (line.vote !== "up" && line.vote !== "down")) throw new Error("not a vote");
      lines.push(line);
    } catch {
      unreadable++;
    }
  }
  return { lines, unreadable };
}

export interface QuestionFeedback {
  question: string;
  up: number;
  down: number;
  reasons: string[];
  /** The latest answer that got a 👎, with its citations and index version. */
  downvoted?: FeedbackLine;
}

export interface FeedbackSummary {
  up: number;
  down: number;
  reasons: number;
  perDay: Array<{ day: string; up: number; down: number }>;
  /** Questions with at least one 👎, most 👎 first (then fewest 👍). */
  worst: QuestionFeedback[];
}

export function summarizeFeedback(lines: FeedbackLine[]): FeedbackSummary {
  const days = new Map<string, { up: number; down: number }>();
  const questions = new Map<string, QuestionFeedback>();
  let up = 0;
  let down = 0;
  let reasons = 0;
  for (const line of lines) {
    const q = questions.get(questionKey(line.question)) ?? { question: line.question, up: 0, down: 0, reasons: [] };
    questions.set(questionKey(line.question), q);
    if (line.type === "reason") {
      reasons++;
      if (line.reason) q.reasons.push(line.reason);
      // A reason carries what was answered even when the vote line did not.
      if (!q.downvoted?.citations) q.downvoted = line;
      continue;
    }
    const day = days.get(line.time.slice(0, 10)) ?? { up: 0, down: 0 };
    days.set(line.time.slice(0, 10), day);
    day[line.vote]++;
    q[line.vote]++;
    if (line.vote === "up") up++;
    else {
      down++;
      q.downvoted = line.citations || !q.downvoted ? line : q.downvoted;
    }
  }
  return {
    up,
    down,
    reasons,
    perDay: [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, v]) => ({ day, ...v })),
    worst: [...questions.values()].filter((q) => q.down > 0 || q.reasons.length > 0).sort((a, b) => b.down - a.down || a.up - b.up || a.question.localeCompare(b.question)),
  };
}

export function formatFeedbackSummary(s: FeedbackSummary, opts: { file: string; unreadable: number; top?: number }): string {
  const out = [`${opts.file}: ${s.up + s.down} votes (${s.up} 👍, ${s.down} 👎), ${s.reasons} reason${s.reasons === 1 ? "" : "s"}`];
  if (opts.unreadable) out.push(`(${opts.unreadable} unreadable line${opts.unreadable === 1 ? "" : "s"} skipped)`);
  if (s.perDay.length) {
    out.push("", "Votes per day:");
    for (const d of s.perDay) out.push(`  ${d.day}  👍 ${String(d.up).padStart(4)}  👎 ${String(d.down).padStart(4)}`);
  }
  const worst = s.worst.slice(0, opts.top ?? 10);
  if (worst.length) {
    out.push("", "Worst questions (most 👎):");
    for (const q of worst) {
      out.push(`  👎 ${q.down} 👍 ${q.up}  ${JSON.stringify(q.question)}`);
      for (const r of q.reasons.slice(-3)) out.push(`      reason: ${JSON.stringify(r)}`);
    }
  }
  return out.join("\n");
}

/** An eval dataset line (src/eval/dataset.ts) for each 👎 question; `answers` for a person to fill. */
export function feedbackEvalCases(s: FeedbackSummary): Array<Record<string, unknown>> {
  return s.worst.map((q) => ({
    id: `feedback-${createHash("sha256").update(questionKey(q.question)).digest("hex").slice(0, 10)}`,
    question: q.question,
    answers: [],
    kind: "answer",
    gold: [],
    tags: ["feedback"],
    // What went wrong, for whoever fills in `answers` (and `gold`, or kind "abstain"); eval ignores it.
    feedback: {
      down: q.down,
      up: q.up,
      reasons: q.reasons,
      answer: q.downvoted?.answer,
      citations: q.downvoted?.citations?.map((c) => ({ source: c.source, quote: c.text, start: c.start, end: c.end })),
      indexVersion: q.downvoted?.indexVersion,
    },
  }));
}

function questionKey(q: string): string {
  return q.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}
