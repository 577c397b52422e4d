// The answering service of a long-running process (npm start): a Qa per index version, swapped
// when a new version is published (index/live-index.ts). Each question runs on the version that
// was current when it arrived; models, chat memory and settings are shared by every version.
import { quoteInContext, type QuoteInContext } from "./citations/quote-context.js";
import type { Config } from "./config.js";
import type { ChatMemory } from "./conversation/memory.js";
import { LiveIndex, type Served } from "./index/live-index.js";
import type { LoadedIndex } from "./index/loaded-index.js";
import { publishedVersion, servedVersionId } from "./index/published-version.js";
import { createIndexStore } from "./index/store-factory.js";
import type { Logger } from "./log.js";
import { Qa, type AskOptions } from "./qa.js";
import type { Answer, CitedSpan, QaService } from "./types.js";

export interface LiveQaOptions {
  log: Logger;
  memory?: ChatMemory;
  /** Called after each swap with the version now served. */
  onSwap?: (served: Served<Qa>) => void;
}

export class LiveQa implements QaService {
  private constructor(private readonly live: LiveIndex<Qa>) {}

  /** Opens the current version and starts watching for new ones (every config.indexReloadMs). */
  static async open(config: Config, opts: LiveQaOptions): Promise<LiveQa> {
    const first = await Qa.open(config, undefined, { log: opts.log, memory: opts.memory });
    const live = new LiveIndex<Qa>({
      first: { id: servedVersionId(first.index), value: first },
      published: await publishedVersion(config),
      open: async () => {
        const index = await openCurrent(config, first);
        return { id: servedVersionId(index), value: first.withIndex(index) };
      },
      // The models are shared: only the index is released.
      release: (qa) => qa.index.close(),
      log: opts.log,
      pollMs: config.indexReloadMs,
      onSwap: opts.onSwap,
    });
    live.start();
    return new LiveQa(live);
  }

  ask(question: string, request?: AskOptions): Promise<Answer> {
    return this.live.use((qa) => qa.ask(question, request));
  }

  /** Runs `fn` on the version served now, kept open until `fn` settles. */
  use<R>(fn: (qa: Qa, version: string) => Promise<R>): Promise<R> {
    return this.live.use(fn);
  }

  /** The index new questions are answered from. */
  get index(): LoadedIndex {
    return this.live.served.value.index;
  }

  /** Its version id (a folder name, or the Postgres version number). */
  get version(): string {
    return this.live.served.id;
  }

  get reloads(): number {
    return this.live.reloads;
  }

  /** Looks for a newly published version now (after an ingest this process ran). */
  checkForNewVersion(): Promise<void> {
    return this.live.check();
  }

  /** A cited passage with the sentences around it, from the index served now (`/quote N`, "Show in context"). */
  quoteInContext(citation: CitedSpan): QuoteInContext | undefined {
    return quoteInContext(this.index, citation);
  }

  sources(): string[] {
    return this.live.served.value.sources();
  }

  exampleQuestions(): string[] {
    return this.live.served.value.exampleQuestions();
  }

  async close(): Promise<void> {
    const qa = this.live.served.value;
    await this.live.close();
    await qa.embeddings.close();
  }
}

async function openCurrent(config: Config, base: Qa): Promise<LoadedIndex> {
  const store = await createIndexStore(config);
  try {
    return await store.open(base.embeddings);
  } finally {
    await store.close();
  }
}
