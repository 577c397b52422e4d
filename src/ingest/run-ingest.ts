// Ingest as the commands run it: the configured model, a progress bar, a summary line.
import type { Config } from "../config.js";
import path from "node:path";
import { createEmbeddings } from "../embeddings/factory.js";
import { createIndexStore } from "../index/store-factory.js";
import { progressBar } from "../cli/progress.js";
import { ingest, type IngestReport } from "./pipeline.js";

export async function runIngest(config: Config, opts: { quiet?: boolean; force?: boolean } = {}): Promise<IngestReport> {
  const embeddings = createEmbeddings(config, { forIngest: true });
  const store = await createIndexStore(config);
  const bar = progressBar("embedding");
  try {
    return await ingest({
      corpusDir: config.corpusDir,
      followSymlinksOutside: config.followSymlinksOutside,
      store,
      embeddings,
      force: opts.force,
      onProgress: opts.quiet ? undefined : (d, t) => bar.update(d, t),
    });
  } finally {
    bar.done();
    await Promise.all([embeddings.close(), store.close()]);
  }
}

export function summarize(r: IngestReport): string {
  // A folder is shown relative to where the command runs; a database as it is described.
  const where = path.isAbsolute(r.where) ? path.relative(process.cwd(), r.where) || "." : r.where;
  const what = r.upToDate ? "Index is up to date" : "Indexed";
  const skipped = r.skipped.length ? `, ${r.skipped.length} skipped` : "";
  return `${what}: ${r.documents} document${r.documents === 1 ? "" : "s"}, ${r.chunks} chunks (${r.embedded} embedded, ${r.reused} reused${skipped}) in ${(r.ms / 1000).toFixed(1)} s → ${where}`;
}
