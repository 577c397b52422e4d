// Watch mode: files under the corpus folder change → after a quiet moment, an incremental ingest
// (through the IngestRunner, so never two at once). While another process (a replica) holds
// the ingest lock, the watcher tries again a little later: its ingest then finds the index
// up to date or picks up what changed since.
import { watch, type FSWatcher } from "node:fs";
import type { Logger } from "../log.js";
import { IndexLockedError } from "../index/store.js";
import type { IngestRunner } from "./ingest-runner.js";
import { summarize } from "./run-ingest.js";

/** Quiet time after the last change before ingesting: a copy of many files is one ingest. */
export const WATCH_DEBOUNCE_MS = 500;
/** Wait before trying again while another process ingests. */
export const LOCKED_RETRY_MS = 5_000;

export interface CorpusWatch {
  close(): void;
}

export function watchCorpus(opts: { corpusDir: string; runner: IngestRunner; log: Logger; debounceMs?: number; retryMs?: number }): CorpusWatch {
  const { log, runner } = opts;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const schedule = (ms: number) => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void ingest(), ms);
  };
  const ingest = async () => {
    try {
      const report = await runner.run();
      if (!report.upToDate) log.info(`corpus changed: ${summarize(report)}`);
      for (const s of report.skipped) log.debug(`skipped ${s.file}: ${s.reason}`);
    } catch (err) {
      if (err instanceof IndexLockedError) {
        log.info(`corpus changed, but another process is ingesting; trying again in ${(opts.retryMs ?? LOCKED_RETRY_MS) / 1000} s`);
        schedule(opts.retryMs ?? LOCKED_RETRY_MS);
        return;
      }
      // The previous index keeps answering; the next change tries again.
      log.warn("corpus changed, but the ingest failed; still answering from the previous index", { error: err });
    }
  };
  let watcher: FSWatcher;
  try {
    watcher = watch(opts.corpusDir, { recursive: true, persistent: false }, (_event, name) => {
      // Our own upload staging files come and go before the rename that matters.
      if (name && /(^|\/)\.planbot-upload-[^/]*\.tmp$/.test(String(name))) return;
      schedule(opts.debounceMs ?? WATCH_DEBOUNCE_MS);
    });
  } catch (err) {
    log.warn(`cannot watch ${opts.corpusDir}; new documents need \`npm run ingest\``, { error: err });
    return { close: () => undefined };
  }
  watcher.on("error", (err) => log.warn(`watching ${opts.corpusDir} stopped; new documents need \`npm run ingest\``, { error: err }));
  log.info(`watching ${opts.corpusDir} for changes (WATCH_CORPUS=0 turns this off)`);
  return {
    close: () => {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}
