// The evaluation report as Markdown: one row per retriever, then per tag; with a baseline,
// every number shows its change.
import type { Metrics } from "./metrics.js";
import type { EvalReport } from "./run-eval.js";

const COLUMNS: Array<[keyof Metrics, string, "pct" | "ms" | "num"]> = [
  ["answerAccuracy", "accuracy", "pct"],
  ["chatAccuracy", "chat", "pct"],
  ["leadAccuracy", "lead", "pct"],
  ["goldParagraphCitation", "cites gold ¶", "pct"],
  ["abstentionPrecision", "abst. P", "pct"],
  ["abstentionRecall", "abst. R", "pct"],
  ["falseAbstention", "false abst.", "pct"],
  ["hit1", "hit@1", "pct"],
  ["hit5", "hit@5", "pct"],
  ["mrr", "MRR", "num"],
  ["citationPrecision", "cit. prec.", "pct"],
  ["citationValidity", "cit. valid", "pct"],
  ["latencyP50", "p50 ms", "ms"],
  ["latencyP95", "p95 ms", "ms"],
];

function cell(v: number | null, kind: "pct" | "ms" | "num"): string {
  if (v === null) return "–";
  if (kind === "pct") return `${(v * 100).toFixed(1)}%`;
  if (kind === "ms") return v.toFixed(1);
  return v.toFixed(3);
}

function delta(v: number | null, b: number | null | undefined, kind: "pct" | "ms" | "num"): string {
  if (v === null || b === null || b === undefined) return "";
  const d = v - b;
  if (Math.abs(d) < 1e-9) return " (=)";
  const s = d > 0 ? "+" : "−";
  if (kind === "pct") return ` (${s}${Math.abs(d * 100).toFixed(1)})`;
  if (kind === "ms") return ` (${s}${Math.abs(d).toFixed(1)})`;
  return ` (${s}${Math.abs(d).toFixed(3)})`;
}

export function markdownReport(report: EvalReport, baseline?: EvalReport): string {
  const header = `| retriever | rows | n | ${COLUMNS.map((c) => c[1]).join(" | ")} |`;
  const rule = `|---|---|---|${COLUMNS.map(() => "---:").join("|")}|`;
  const lines = [header, rule];
  for (const [mode, r] of Object.entries(report.retrievers)) {
    const base = baseline?.retrievers[mode as keyof EvalReport["retrievers"]];
    const row = (label: string, m: Metrics, b?: Metrics) =>
      `| ${mode} | ${label} | ${m.questions} | ${COLUMNS.map(([k, , kind]) => cell(m[k] as number | null, kind) + (baseline ? delta(m[k] as number | null, b?.[k] as number | null | undefined, kind) : "")).join(" | ")} |`;
    lines.push(row("**all**", r!.overall, base?.overall));
    for (const [tag, m] of Object.entries(r!.byTag)) lines.push(row(tag, m, base?.byTag[tag]));
  }
  return lines.join("\n");
}

/** The first table only: one row per retriever (for docs/quality.md and quick runs). */
export function summaryTable(report: EvalReport): string {
  const lines = [`| retriever | n | ${COLUMNS.map((c) => c[1]).join(" | ")} |`, `|---|---|${COLUMNS.map(() => "---:").join("|")}|`];
  for (const [mode, r] of Object.entries(report.retrievers)) {
    lines.push(`| ${mode} | ${r!.overall.questions} | ${COLUMNS.map(([k, , kind]) => cell(r!.overall[k] as number | null, kind)).join(" | ")} |`);
  }
  return lines.join("\n");
}

/** Which models answered, and (with a language model) how its answers came about. */
export function modelsNote(report: EvalReport): string {
  const m = report.models;
  if (!m) return "";
  const lines = [`answers: ${m.answerer}${m.llm ? ` (LLM ${m.llm})` : ""}; embeddings: ${m.embeddings}`];
  for (const [key, r] of Object.entries(report.retrievers)) {
    const g = r.generation;
    if (!g) continue;
    const f = g.fallbacks;
    const fell = f.timeout + f.rate_limited + f.error;
    lines.push(
      `${key}: ${g.generated} generated, ${g.declined} declined, ${fell} fell back to extractive (timeout ${f.timeout}, rate-limited ${f.rate_limited}, error ${f.error}), ${g.droppedSentences} sentences dropped by the citation check`,
    );
  }
  return lines.join("\n");
}
