// Not committed: the bench's pgvector-at-scale part alone, with the code as it is now.
import { largeCorpus, MarkovText, spread, TATQA_FILE, trainingTexts } from "./src/bench/corpus.ts";
import { startNativePg } from "./src/bench/native-pg-process.ts";
import { benchPgScale } from "./src/bench/pg-scale.ts";
import { ClusteredVectors, USE_LITE_LIKE } from "./src/bench/vectors.ts";
const large = await largeCorpus({ tatqaFile: TATQA_FILE });
const markov = new MarkovText(await trainingTexts(large.kind === "tatqa" ? large : undefined));
const questions = spread(large.questions, 200);
const chosen = new Set(questions);
const warmUp = large.questions.filter((q) => !chosen.has(q)).slice(0, 5);
const server = await startNativePg({ extraConf: ["maintenance_work_mem=2GB", "shared_buffers=1GB"] });
try {
  const r = await benchPgScale({ url: server.url, chunks: 100_000, markov, mixture: new ClusteredVectors(USE_LITE_LIKE, 100_000, 7), questions, warmUp, log: (l) => console.error(new Date().toISOString(), l) });
  const { latency, ...rest } = r;
  console.log(JSON.stringify({ ...rest, search: latency.search, total: latency.total }, null, 1));
} finally {
  await server.remove();
}
