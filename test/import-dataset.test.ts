// Dataset importers: the tiny TAT-QA and SQuAD fixtures become a corpus folder plus a
// dataset the harness accepts, every gold quote is an exact slice of its written document,
// output is byte-for-byte repeatable, and bad input exits 2 with one line.
import { spawn } from "node:child_process";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { exitCodeFor } from "../src/cli/exit.js";
import { parseDataset, type EvalItem } from "../src/eval/dataset.js";
import { readJsonInput, writeImport, type ImportSummary } from "../tools/importers/common.js";
import { importSquad } from "../tools/importers/squad.js";
import { importTatqa, numberForms, tableLines } from "../tools/importers/tatqa.js";
import { tempDir } from "./helpers/tmp.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const TATQA = path.join(ROOT, "test/fixtures/tatqa-mini.json");
const SQUAD = path.join(ROOT, "test/fixtures/squad-v2-mini.json");

interface Output {
  docs: Map<string, string>;
  items: EvalItem[];
  raw: string;
  readme: string;
}

async function readOutput(dir: string): Promise<Output> {
  const names = (await readdir(path.join(dir, "corpus"))).sort();
  const docs = new Map<string, string>();
  for (const n of names) docs.set(n, await readFile(path.join(dir, "corpus", n), "utf8"));
  const raw = await readFile(path.join(dir, "dataset.jsonl"), "utf8");
  return { docs, items: parseDataset(raw, "dataset.jsonl"), raw, readme: await readFile(path.join(dir, "README.md"), "utf8") };
}

async function runImport(format: "tatqa" | "squad", input: string, out: string, opts: { textOnly?: boolean; limit?: number } = {}): Promise<ImportSummary> {
  const { json, bytes } = await readJsonInput(input);
  const imported = format === "tatqa" ? importTatqa(json, opts, input) : importSquad(json, opts, input);
  return writeImport(out, imported, { file: input, bytes, command: `test ${format}` });
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // `tsx scripts/import-dataset.ts` as npm runs it, minus npx's own second of start-up.
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/import-dataset.ts", ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every gold source is a written document and every gold quote an exact slice of it. */
function expectGoldInDocuments(out: Output): void {
  for (const item of out.items) {
    for (const g of item.gold) {
      const doc = out.docs.get(g.source);
      expect(doc, `${item.id}: ${g.source}`).toBeDefined();
      if (g.quote) expect(doc!.includes(g.quote), `${item.id}: ${g.quote}`).toBe(true);
    }
  }
}

// The script itself, spawned in parallel up front (each spawn costs seconds: tsx, and on
// failure exit.ts, which loads the whole service).
type Run = { code: number | null; stdout: string; stderr: string };
let spawnDir: string;
const runs: Record<"tatqa" | "missing" | "wrongFormat" | "badFlag", Run> = {} as never;
beforeAll(async () => {
  spawnDir = await tempDir();
  const [tatqa, missing, wrongFormat, badFlag] = await Promise.all([
    cli(["--format", "tatqa", TATQA, path.join(spawnDir, "tatqa")]),
    cli(["--format", "tatqa", path.join(spawnDir, "missing.json"), path.join(spawnDir, "out-missing")]),
    cli(["--format", "tatqa", SQUAD, path.join(spawnDir, "out-wrong")]),
    cli(["--format", "csv", TATQA, path.join(spawnDir, "out-flag")]),
  ]);
  Object.assign(runs, { tatqa: tatqa!, missing: missing!, wrongFormat: wrongFormat!, badFlag: badFlag! });
});

describe("TAT-QA", () => {
  let out: Output;
  let cliRun: Run;
  beforeAll(async () => {
    cliRun = runs.tatqa;
    out = await readOutput(path.join(spawnDir, "tatqa"));
  });

  test("the CLI writes one document per context, the dataset and the README, and prints a summary", () => {
    expect(cliRun.code).toBe(0);
    expect(cliRun.stderr.trim()).toMatch(/^import-dataset: tatqa → .*: 2 documents, 6 questions \(6 answerable\); dropped 0 questions, 0 gold quotes/);
    expect([...out.docs.keys()]).toEqual(["tatqa-0f0e0d0c.md", "tatqa-aa11bb22.md"]);
    expect(out.readme).toMatch(/CC BY 4\.0/);
    expect(out.readme).toMatch(/Zhu/);
    expect(out.readme).toMatch(/tatqa-mini\.json/);
  });

  test("a document is a heading, the table one row a line with its column headers, then the paragraphs in order", () => {
    const doc = out.docs.get("tatqa-aa11bb22.md")!;
    expect(doc.split("\n")[0]).toBe("# TAT-QA context aa11bb22");
    expect(doc).toContain("\nYear Ended December 31:\nRevenue:\nProduct sales: 2019 = $ 1,234.5; 2018 = $1,100.0.\n");
    expect(doc).toContain("Service fees: 2019 = 310.2; 2018 = (12.4).");
    // Paragraphs sorted by order; a line break inside one folded into a space.
    expect(doc.indexOf("Revenue by type")).toBeLessThan(doc.indexOf("Service fees fell"));
    expect(doc).toContain("the Harbor warehouse contract");
    expect(out.docs.get("tatqa-0f0e0d0c.md")).toContain("\nHeadcount:\nEngineers: North = 45; South = 30.\n");
  });

  test("questions: stable ids, sources-only gold, tags, answer groups", () => {
    expectGoldInDocuments(out);
    const byId = new Map(out.items.map((i) => [i.id, i]));
    // Sorted by document, then question order.
    expect(out.items.map((i) => i.id)).toEqual(["tatqa-q-0f-percent", "tatqa-q-0f-text-span", "tatqa-q-aa-text-span", "tatqa-q-aa-multi", "tatqa-q-aa-arith", "tatqa-q-aa-count"]);
    for (const i of out.items) {
      expect(i.answerable).toBe(true);
      expect(i.gold).toEqual([{ source: i.id.includes("-aa-") ? "tatqa-aa11bb22.md" : "tatqa-0f0e0d0c.md", quote: "" }]);
    }
    expect(out.raw).not.toContain('"quote"');
    expect(byId.get("tatqa-q-aa-text-span")).toMatchObject({
      answers: [["Nordic Freight Ltd."]],
      tags: ["tatqa", "answer_from:text", "answer_type:span"],
    });
    expect(byId.get("tatqa-q-aa-multi")!.answers).toEqual([["$ 1,234.5"], ["$1,100.0"]]);
    expect(byId.get("tatqa-q-aa-arith")).toMatchObject({
      answers: [["-134.5", "134.5", "134,500", "134500"]],
      tags: ["tatqa", "answer_from:table", "answer_type:arithmetic", "needs-arithmetic"],
    });
    expect(byId.get("tatqa-q-aa-count")).toMatchObject({ answers: [["2"]], tags: expect.arrayContaining(["needs-arithmetic"]) });
    expect(byId.get("tatqa-q-0f-percent")!.answers).toEqual([["78.95"]]);
  });

  test("--text-only keeps the text questions but every context; --limit counts contexts", async () => {
    const base = await tempDir();
    const s = await runImport("tatqa", TATQA, path.join(base, "text"), { textOnly: true });
    expect(s).toMatchObject({ documents: 2, questions: 2, filteredQuestions: 4, droppedQuestions: 0 });
    const text = await readOutput(path.join(base, "text"));
    expect(text.items.every((i) => i.tags.includes("answer_from:text"))).toBe(true);
    expect(text.docs.size).toBe(2);

    await runImport("tatqa", TATQA, path.join(base, "one"), { limit: 1 });
    const one = await readOutput(path.join(base, "one"));
    expect([...one.docs.keys()]).toEqual(["tatqa-aa11bb22.md"]);
    expect(one.items).toHaveLength(4);
  });

  test("output is repeatable byte for byte, and a re-run replaces its own files", async () => {
    const again = path.join(await tempDir(), "again");
    await runImport("tatqa", TATQA, again);
    const second = await readOutput(again);
    expect(second.raw).toBe(out.raw);
    expect(second.docs).toEqual(out.docs);
    // A stale document from an earlier, larger import is removed.
    await writeFile(path.join(again, "corpus", "tatqa-deadbeef.md"), "# old\n");
    await runImport("tatqa", TATQA, again);
    expect((await readdir(path.join(again, "corpus"))).sort()).toEqual(["tatqa-0f0e0d0c.md", "tatqa-aa11bb22.md"]);
  });
});

describe("SQuAD", () => {
  let dir: string;
  let out: Output;
  let summary: ImportSummary;
  beforeAll(async () => {
    dir = path.join(await tempDir(), "squad");
    summary = await runImport("squad", SQUAD, dir);
    out = await readOutput(dir);
  });

  test("one document per article: decoded title heading, paragraphs verbatim between blank lines", () => {
    expect([...out.docs.keys()]).toEqual(["squad-cafe-culture.md", "squad-harbour-bridge.md"]);
    const doc = out.docs.get("squad-harbour-bridge.md")!;
    expect(doc.startsWith("# Harbour Bridge\n\nThe Harbour Bridge is a steel arch bridge")).toBe(true);
    expect(doc).toContain("John Bradfield.\n\nMaintenance of the bridge");
    expect(out.docs.get("squad-cafe-culture.md")!.split("\n")[0]).toBe("# Café culture");
    expect(out.readme).toMatch(/SQuAD 2\.0/);
    expect(out.readme).toMatch(/CC BY-SA 4\.0/);
  });

  test("answers, sentence gold quotes that are exact and first occurrences, impossible questions", () => {
    expectGoldInDocuments(out);
    for (const item of out.items) {
      for (const g of item.gold) {
        // The judge places a quote at its first occurrence: that must be where the answer is.
        const doc = out.docs.get(g.source)!;
        const at = doc.indexOf(g.quote);
        expect(
          item.answers[0]!.some((a) => doc.slice(at, at + g.quote.length).includes(a)),
          item.id,
        ).toBe(true);
      }
    }
    const byId = new Map(out.items.map((i) => [i.id, i]));
    expect(byId.get("squad-hb-opened")).toMatchObject({
      answers: [["1932", "in 1932"]],
      gold: [{ source: "squad-harbour-bridge.md", quote: "The Harbour Bridge is a steel arch bridge that opened in 1932." }],
      answerable: true,
      tags: ["squad"],
    });
    // answer_start off by 7: the nearest occurrence is used.
    expect(byId.get("squad-hb-designer")!.gold[0]!.quote).toBe("The arch was designed by John Bradfield.");
    // Two annotators, one place: one quote.
    expect(byId.get("squad-hb-painters")!.gold).toHaveLength(1);
    // "It is painted grey." is also in the first paragraph: the quote takes its neighbour along.
    expect(byId.get("squad-hb-colour")!.gold[0]!.quote).toBe("Maintenance of the bridge never stops. It is painted grey.");
    // An answer that is not in its context keeps its answer but loses its gold, and is counted.
    expect(byId.get("squad-hb-missing")).toMatchObject({ answers: [["the bridge crew"]], gold: [] });
    expect(summary).toMatchObject({ documents: 2, questions: 9, answerable: 7, droppedGold: 1, withoutGold: 1 });
    for (const id of ["squad-hb-cost", "squad-cafe-owner"]) {
      expect(byId.get(id)).toMatchObject({ answers: [], gold: [], answerable: false, tags: ["squad", "squad-v2-impossible"] });
    }
  });

  test("a v1.1 file (no is_impossible) imports with every question answerable", async () => {
    const v2 = JSON.parse(await readFile(SQUAD, "utf8")) as { version: string; data: Array<{ paragraphs: Array<{ qas: Array<Record<string, unknown>> }> }> };
    const v1 = {
      version: "1.1",
      data: v2.data.map((a) => ({
        ...a,
        paragraphs: a.paragraphs.map((p) => ({ ...p, qas: p.qas.filter((q) => !q.is_impossible).map(({ is_impossible: _, ...q }) => q) })),
      })),
    };
    const base = await tempDir();
    const file = path.join(base, "squad-v1.json");
    await writeFile(file, JSON.stringify(v1));
    const s = await runImport("squad", file, path.join(base, "out"), { limit: 1 });
    const o = await readOutput(path.join(base, "out"));
    expect(s.documents).toBe(1);
    expect(o.items.every((i) => i.answerable && !i.tags.includes("squad-v2-impossible"))).toBe(true);
    expect(o.readme).toMatch(/SQuAD 1\.1/);
    expectGoldInDocuments(o);
  });
});

describe("a translated SQuAD file (XQuAD's pairs)", () => {
  test("--questions-from writes the same questions in Chinese, same ids and gold, and leaves dataset.jsonl as it was", async () => {
    const en = JSON.parse(await readFile(SQUAD, "utf8")) as { data: Array<{ paragraphs: Array<{ context: string; qas: Array<{ id: string; question: string }> }> }> };
    // XQuAD translates the paragraphs too; only the questions may be taken from the second file.
    const zh = structuredClone(en);
    for (const a of zh.data)
      for (const p of a.paragraphs) {
        p.context = "这是翻译过的段落。";
        for (const q of p.qas) q.question = `关于${q.id}的问题是什么？`;
      }
    const base = await tempDir();
    const zhFile = path.join(base, "mini.zh.json");
    await writeFile(zhFile, JSON.stringify(zh));
    const plain = path.join(base, "plain");
    const paired = path.join(base, "paired");
    expect((await cli(["--format", "squad", SQUAD, plain])).code).toBe(0);
    const r = await cli(["--format", "squad", "--questions-from", zhFile, SQUAD, paired]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/also in zh/);
    expect(await readFile(path.join(paired, "dataset.jsonl"), "utf8")).toBe(await readFile(path.join(plain, "dataset.jsonl"), "utf8"));
    const items = parseDataset(await readFile(path.join(paired, "dataset.jsonl"), "utf8"));
    const zhItems = parseDataset(await readFile(path.join(paired, "dataset.zh.jsonl"), "utf8"));
    expect(zhItems.map((i) => i.id)).toEqual(items.map((i) => i.id));
    zhItems.forEach((z, i) => {
      expect(z.question).toBe(`关于${z.id.replace(/^squad-/, "")}的问题是什么？`);
      expect(z.gold).toEqual(items[i]!.gold);
      expect(z.tags).toEqual([...items[i]!.tags, "zh"]);
    });
    expect(await readFile(path.join(paired, "README.md"), "utf8")).toMatch(/dataset\.zh\.jsonl/);
    expect((await cli(["--format", "tatqa", "--questions-from", zhFile, TATQA, path.join(base, "bad")])).code).toBe(2);
  });
});

describe("table text and number forms", () => {
  test("a caption over the column headers, a header row under a one-cell header, empty cells left out", () => {
    expect(
      tableLines([
        ["", "FY19 Payout", "", ""],
        ["NEO", "Base Salary", "Target (%)", "Payout"],
        ["A. Smith(1)", "1,000,000", "", "0"],
        ["", "2", "3", "4"],
      ]),
    ).toEqual(["FY19 Payout; NEO:", "A. Smith(1): Base Salary = 1,000,000; Payout = 0.", "Base Salary = 2; Target (%) = 3; Payout = 4."]);
    // A first row of figures is data, not headers.
    expect(tableLines([["Net income", "$672", "$970"]])).toEqual(["Net income: $672; $970."]);
  });

  test("numbers with separators, without sign, and multiplied out by scale", () => {
    expect(numberForms(1234.5)).toEqual(["1,234.5", "1234.5"]);
    expect(numberForms(0.9, "million")).toEqual(["0.9", "900,000", "900000"]);
    expect(numberForms(43745.33, "thousand")).toEqual(["43,745.33", "43745.33", "43,745,330", "43745330"]);
    expect(numberForms(-9.03, "percent")).toEqual(["-9.03", "9.03"]);
  });
});

describe("bad input exits 2 with one line", () => {
  test.each([
    ["a missing file", "missing", /^planbot: cannot read .*missing\.json \(ENOENT\)$/, "out-missing"],
    ["SQuAD given as TAT-QA", "wrongFormat", /^planbot: .*squad-v2-mini\.json is not TAT-QA: .*try --format squad\)$/, "out-wrong"],
  ] as const)("%s (spawned)", async (_name, key, message, outDir) => {
    const r = runs[key];
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
    await expect(readdir(path.join(spawnDir, outDir))).rejects.toThrow();
  });

  test("a flag mistake exits 2 and shows the usage (spawned)", () => {
    expect(runs.badFlag.code).toBe(2);
    expect(runs.badFlag.stderr).toMatch(/unknown --format "csv"/);
    expect(runs.badFlag.stderr).toMatch(/usage: npm run import-dataset/);
  });

  // The same errors in-process: the codes come from exit.ts, as the script's fail() uses them.
  async function codeOf(run: () => Promise<unknown>): Promise<{ code: number; message: string }> {
    try {
      await run();
    } catch (err) {
      return { code: exitCodeFor(err), message: (err as Error).message };
    }
    throw new Error("did not fail");
  }

  test("not JSON, the wrong format, a malformed context, an OUT_DIR holding other files", async () => {
    const d = await tempDir();
    await writeFile(path.join(d, "bad.json"), "{ not json\n");
    expect(await codeOf(() => readJsonInput(path.join(d, "bad.json")))).toMatchObject({ code: 2, message: expect.stringMatching(/bad\.json is not valid JSON/) });
    expect(await codeOf(() => runImport("squad", TATQA, path.join(d, "o1")))).toMatchObject({ code: 2, message: expect.stringMatching(/is not SQuAD: .*try --format tatqa/) });
    expect(await codeOf(async () => importTatqa([{ table: { uid: "x1", table: [] }, paragraphs: [], questions: [{ uid: "q" }] }], {}, "f.json"))).toMatchObject({
      code: 2,
      message: "f.json is not TAT-QA: context 1 question 1 has no uid or question",
    });
    expect(await codeOf(async () => importSquad({ data: [] }, {}, "s.json"))).toMatchObject({ code: 2, message: "s.json holds no SQuAD articles" });
    await mkdir(path.join(d, "o2", "corpus"), { recursive: true });
    await writeFile(path.join(d, "o2", "corpus", "notes.txt"), "mine\n");
    expect(await codeOf(() => runImport("tatqa", TATQA, path.join(d, "o2")))).toMatchObject({ code: 2, message: expect.stringMatching(/holds notes\.txt, which no importer wrote/) });
    expect(await readFile(path.join(d, "o2", "corpus", "notes.txt"), "utf8")).toBe("mine\n");
  });
});
