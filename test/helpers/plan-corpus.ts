// A temporary corpus folder holding the plan article, and where its index goes.
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { PLAN_CORPUS, PLAN_DOC } from "./plan-qa.js";
import { tempDir } from "./tmp.js";

export async function corpusWithPlan(): Promise<{ root: string; corpus: string; index: string }> {
  const root = await tempDir();
  const corpus = path.join(root, "corpus");
  await mkdir(corpus);
  await copyFile(path.join(PLAN_CORPUS, PLAN_DOC), path.join(corpus, PLAN_DOC));
  return { root, corpus, index: path.join(root, "data", "index") };
}
