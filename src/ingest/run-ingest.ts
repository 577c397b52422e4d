// Ingest as the commands run it: the configured model, a progress bar, a summary line.
import type { Config } from "../config.js";
import { createEmbeddings } from "../embeddings/factory.js";
import { progressBar } from "../cli/progress.js";
import { ingest, type IngestReport } from "./pipeline.js";

export async function runIngest(config: Config, opts: { quiet?: boolean } = {}): Promise<IngestReport> {
  const embeddings = createEmbeddings(config, { forIngest: true });
  const bar = progressBar("embedding");
  try {
    return await ingest({
      corpusDir: config.corpusDir,
      indexDir: config.indexDir,
      embeddings,
      onProgress: opts.quiet ? undefined : (d, t) => bar.update(d, t),
    });
  } finally {
    bar.done();
    await embeddings.close();
  }
}

export function summarize(r: IngestReport, indexDir: string): string {
  const what = r.upToDate ? "Index is up to date" : "Indexed";
  const skipped = r.skipped.length ? `, ${r.skipped.length} skipped` : "";
  return `${what}: ${r.documents} document${r.documents === 1 ? "" : "s"}, ${r.chunks} chunks (${r.embedded} embedded, ${r.reused} reused${skipped}) in ${(r.ms / 1000).toFixed(1)} s → ${indexDir}`;
}
