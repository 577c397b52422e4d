// Document management from the chat, without a channel: real files, the real ingest, a real
// index folder. An admin's PDF is added and answered from; a non-admin, an oversized file, a
// binary renamed .pdf and a name like ../../x.md are refused and leave the corpus unchanged.
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DocumentAdmin } from "../src/admin/documents.js";
import { checkUpload, sanitizeUploadName, sniffType } from "../src/admin/upload-check.js";
import { loadConfig, type Config } from "../src/config.js";
import { IngestRunner } from "../src/ingest/ingest-runner.js";
import { runIngest } from "../src/ingest/run-ingest.js";
import { LiveQa } from "../src/live-qa.js";
import { createLogger } from "../src/log.js";
import { makePdfPages } from "./helpers/pdf.js";
import { corpusWithPlan } from "./helpers/plan-corpus.js";
import { PLAN_DOC } from "./helpers/plan-qa.js";

const ADMIN = { platform: "telegram" as const, id: "1001" };
const STRANGER = { platform: "telegram" as const, id: "2002" };
const SLACK_ADMIN = { platform: "slack" as const, id: "U0ADMIN" };

let config: Config;
let root: string;
let docs: DocumentAdmin;
let qa: LiveQa;
const logs: string[] = [];

const annexPdf = () => makePdfPages([["Plan annex."], ["The annex sets a quota of 42 quantum lending licences each year."]]);

async function corpusState(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of await readdir(config.corpusDir)) out[f] = (await readFile(path.join(config.corpusDir, f))).toString("base64");
  return out;
}

beforeAll(async () => {
  const made = await corpusWithPlan();
  root = made.root;
  config = loadConfig(
    { CORPUS_DIR: made.corpus, INDEX_DIR: made.index, DATA_DIR: root, EMBED_WORKERS: "0", INDEX_RELOAD_MS: "0", TELEGRAM_ADMINS: "1001", SLACK_ADMINS: "U0ADMIN", UPLOAD_MAX_MB: "1" },
    root,
  );
  await runIngest(config, { quiet: true });
  const log = createLogger({ json: true, write: (l) => void logs.push(l) });
  qa = await LiveQa.open(config, { log });
  const ingests = new IngestRunner(
    (opts) => runIngest(config, { quiet: true, force: opts.force }),
    () => qa.checkForNewVersion(),
  );
  docs = DocumentAdmin.forConfig(config, ingests, log);
});
afterAll(() => qa?.close());

describe("upload checks", () => {
  it("refuses paths, hidden names and other extensions; cleans odd characters", () => {
    expect(sanitizeUploadName("../../x.md")).toMatchObject({ ok: false, reason: expect.stringMatching(/is a path/) });
    expect(sanitizeUploadName("..\\..\\x.md").ok).toBe(false);
    expect(sanitizeUploadName("/etc/passwd.txt").ok).toBe(false);
    expect(sanitizeUploadName(".env.md").ok).toBe(false);
    expect(sanitizeUploadName("tool.exe")).toMatchObject({ ok: false, reason: expect.stringMatching(/only \.pdf, \.html, \.md, \.txt/) });
    expect(sanitizeUploadName('plan "annex": v2?.PDF')).toEqual({ ok: true, value: "plan -annex- v2-.pdf" });
    expect(sanitizeUploadName("金融 plan.md")).toEqual({ ok: true, value: "金融 plan.md" });
  });

  it("reads the type from the content", () => {
    expect(sniffType(annexPdf())).toBe("pdf");
    expect(sniffType(Buffer.from("<!DOCTYPE html><html><body>x</body></html>"))).toBe("html");
    expect(sniffType(Buffer.from("# Title\n\nText"))).toBe("markdown");
    expect(sniffType(Buffer.from("plain words"))).toBe("text");
    expect(sniffType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]))).toEqual({ binary: "a PNG image" });
    expect(checkUpload({ name: "notes.pdf", bytes: Buffer.from("just text") }, 1e6)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a PDF file: its content is text/) });
  });
});

describe("DocumentAdmin", () => {
  it("an admin adds a PDF: confirmed with its chunks, answered from at once", async () => {
    const r = await docs.add(ADMIN, { name: "plan-annex.pdf", bytes: annexPdf() });
    expect(r).toEqual({ ok: true, message: expect.stringMatching(/^added plan-annex\.pdf: \d+ chunks?; ask away$/) });
    const a = await qa.ask("How many quantum lending licences does the annex allow each year?");
    expect(a.citations.find((c) => c.source === "plan-annex.pdf")).toMatchObject({ page: 2 });
    expect(logs.some((l) => l.includes("admin: added plan-annex.pdf") && l.includes("telegram:1001"))).toBe(true);
  });

  it("refuses a non-admin, an oversized file, a binary renamed .pdf and a path, leaving the corpus unchanged", async () => {
    const before = await corpusState();
    const cases = [
      [STRANGER, { name: "x.pdf", bytes: annexPdf() }, /Only the bot's admins can add a document/],
      [ADMIN, { name: "big.txt", bytes: Buffer.alloc(1024 * 1024 + 1, 0x61) }, /too large \(1\.0 MB; the limit is 1\.0 MB/],
      [ADMIN, { name: "scan.pdf", bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(100, 7)]) }, /not a PDF file: its content is a PNG image/],
      [ADMIN, { name: "random.pdf", bytes: Buffer.from([0, 159, 146, 150, 1, 2, 3]) }, /not a PDF file: its content is binary data/],
      [ADMIN, { name: "../../x.md", bytes: Buffer.from("# hi") }, /is a path/],
      [ADMIN, { name: "empty.pdf", bytes: makePdfPages([[]]) }, /cannot be indexed: PDF has no text layer/],
    ] as const;
    for (const [user, upload, expected] of cases) {
      const r = await docs.add(user, upload);
      expect(r.ok).toBe(false);
      expect(r.message).toMatch(expected);
    }
    expect(await corpusState()).toEqual(before);
    expect(existsSync(path.join(root, "x.md"))).toBe(false);
    expect(existsSync(path.resolve(config.corpusDir, "../../x.md"))).toBe(false);
    expect(logs.some((l) => l.includes("refused a non-admin") && l.includes("telegram:2002"))).toBe(true);
  });

  it("lists documents with size, chunks and when they were added", async () => {
    const list = await docs.list(STRANGER);
    expect(list.map((d) => d.name)).toEqual([PLAN_DOC, "plan-annex.pdf"]);
    for (const d of list) expect(d).toMatchObject({ bytes: expect.any(Number), chunks: expect.any(Number), addedAt: expect.stringMatching(/^\d{4}-/) });
    expect(logs.some((l) => l.includes("admin: listed the documents") && l.includes("telegram:2002"))).toBe(true);
  });

  it("removes a document (admins only) and the index forgets it", async () => {
    expect((await docs.remove(STRANGER, "plan-annex.pdf")).ok).toBe(false);
    expect((await docs.remove(SLACK_ADMIN, "../" + PLAN_DOC)).message).toMatch(/no document/);
    const r = await docs.remove(SLACK_ADMIN, "plan-annex.pdf");
    expect(r).toEqual({ ok: true, message: "removed plan-annex.pdf; 1 document left" });
    expect(qa.sources()).toEqual([PLAN_DOC]);
    expect((await docs.remove(SLACK_ADMIN, PLAN_DOC)).message).toMatch(/only document/);
    expect(logs.some((l) => l.includes("admin: removed plan-annex.pdf") && l.includes("slack:U0ADMIN"))).toBe(true);
  });

  it("rebuilds the index on request (admins only)", async () => {
    expect((await docs.reindex(STRANGER)).message).toBe("Only the bot's admins can rebuild the index.");
    const before = qa.version;
    const r = await docs.reindex(ADMIN);
    expect(r.message).toMatch(/^rebuilt the index: 1 document, \d+ chunks/);
    expect(qa.version).not.toBe(before);
  });
});
