// VECTOR_STORE=pgvector against Postgres with pgvector (a native server when installed, PGlite
// on 127.0.0.1 otherwise: test/helpers/pg-server.ts): the same answers as the HNSW folder, incremental and atomic ingest, a killed
// ingest, a damaged or unreachable database. (The retrieval and channel suites also run
// against this store: the "pgvector" project in vitest.config.ts.)
import { spawn } from "node:child_process";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../src/config.js";
import { readDataset } from "../src/eval/dataset.js";
import { runIngest } from "../src/ingest/run-ingest.js";
import { Qa } from "../src/qa.js";
import type { Answer } from "../src/types.js";
import { startPgServer, type PgServer } from "./helpers/pg-server.js";
import { PLAN_CORPUS, PLAN_DOC, planQa } from "./helpers/plan-qa.js";
import { projectCommand, ROOT, run } from "./helpers/run.js";
import { tempDir } from "./helpers/tmp.js";

let server: PgServer;
let db: pg.Pool;
beforeAll(async () => {
  // This file's own connection, its planbot processes and stores at once.
  server = await startPgServer({ maxConnections: 8 });
  db = new pg.Pool({ connectionString: server.url, max: 2 });
}, 120_000);
afterAll(() => db?.end());

/** What a user sees of an answer. */
function shown(a: Answer) {
  return { abstained: a.abstained, answer: a.answer, citations: a.citations.map((c) => [c.source, c.start, c.end, c.text]) };
}

async function pgConfig(corpus: string, prefix: string): Promise<Config> {
  const dir = await tempDir();
  return loadConfig({ CORPUS_DIR: corpus, DATA_DIR: dir, EMBED_WORKERS: "0", VECTOR_STORE: "pgvector", PG_URL: server.url, PG_TABLE: prefix }, dir);
}

async function chunkTables(prefix: string): Promise<string[]> {
  const r = await db.query(`SELECT tablename FROM pg_tables WHERE tablename ~ $1 ORDER BY tablename`, [`^${prefix}_chunks_v[0-9]+$`]);
  return r.rows.map((row: { tablename: string }) => row.tablename);
}

async function postingsTables(prefix: string): Promise<string[]> {
  const r = await db.query(`SELECT tablename FROM pg_tables WHERE tablename ~ $1 ORDER BY tablename`, [`^${prefix}_chunks_v[0-9]+_postings$`]);
  return r.rows.map((row: { tablename: string }) => row.tablename);
}

async function corpusCopy(extra: Record<string, string> = {}): Promise<string> {
  const corpus = path.join(await tempDir(), "corpus");
  await mkdir(corpus);
  await copyFile(path.join(PLAN_CORPUS, PLAN_DOC), path.join(corpus, PLAN_DOC));
  for (const [name, text] of Object.entries(extra)) await writeFile(path.join(corpus, name), text);
  return corpus;
}

describe("pgvector gives the HNSW folder's answers", () => {
  it("on every plan and held-out question", async () => {
    const [folder, postgres] = await Promise.all([planQa("hnsw"), planQa("pgvector")]);
    const items = [...(await readDataset(path.join(ROOT, "eval/plan-holdout.jsonl"))), ...(await readDataset(path.join(ROOT, "eval/plan.jsonl")))];
    expect(items.length).toBeGreaterThan(100);
    const differ: string[] = [];
    for (const item of items) {
      const [a, b] = await Promise.all([folder.ask(item.question), postgres.ask(item.question)]);
      if (JSON.stringify(shown(a)) !== JSON.stringify(shown(b))) differ.push(item.question);
    }
    expect(differ).toEqual([]);
    expect(postgres.index.where).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres \(tables planbot_\*\) version \d+$/);
    await Promise.all([folder.close(), postgres.close()]);
  });
});

describe("ingest into Postgres", () => {
  it("is incremental, keeps one previous version, and builds one HNSW index per chunk table", async () => {
    const corpus = await corpusCopy({ "notes.txt": "The river port opens in 2031.\n" });
    const config = await pgConfig(corpus, "incr");
    const first = await runIngest(config, { quiet: true });
    expect(first).toMatchObject({ documents: 2, upToDate: false, reused: 0 });
    expect(first.embedded).toBe(first.chunks);
    expect(await runIngest(config, { quiet: true })).toMatchObject({ upToDate: true, embedded: 0 });

    const reader = await Qa.open(config);
    expect((await reader.ask("When does the river port open?")).answer).toContain("2031");

    await writeFile(path.join(corpus, "notes.txt"), "The river port opens in 2035.\n");
    const second = await runIngest(config, { quiet: true });
    expect(second).toMatchObject({ upToDate: false, embedded: 1, reused: first.chunks - 1 });
    // A reader that opened the old version keeps answering from it; a new one sees the change.
    expect((await reader.ask("When does the river port open?")).answer).toContain("2031");
    const fresh = await Qa.open(config);
    expect((await fresh.ask("When does the river port open?")).answer).toContain("2035");

    await writeFile(path.join(corpus, "notes.txt"), "The river port opens in 2040.\n");
    await runIngest(config, { quiet: true });
    const tables = await chunkTables("incr");
    expect(tables).toHaveLength(2); // current and previous
    const indexes = await db.query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY($1)`, [tables]);
    for (const t of tables) {
      const own = indexes.rows.filter((r: { tablename: string }) => r.tablename === t);
      expect(own.some((r: { indexdef: string }) => /USING hnsw/.test(r.indexdef))).toBe(true);
      expect(own.some((r: { indexdef: string }) => /USING gin \(tsv\)/.test(r.indexdef))).toBe(true);
    }
    const manifest = JSON.parse((await db.query(`SELECT v.manifest FROM incr_current c JOIN incr_versions v USING (version)`)).rows[0].manifest);
    expect(manifest.embedding).toEqual({ model: expect.stringMatching(/universal-sentence-encoder-lite/), dims: 512 });
    // Each version has its BM25 postings table; one written before those existed still answers.
    expect(await postingsTables("incr")).toEqual(tables.map((t) => `${t}_postings`));
    await db.query(`DROP TABLE ${tables[1]}_postings`);
    const older = await Qa.open(config);
    expect((await older.ask("When does the river port open?")).answer).toContain("2040");
    await Promise.all([reader.close(), fresh.close(), older.close()]);
  });

  it("readers see the old version until the new one is switched in", async () => {
    const corpus = await corpusCopy({ "notes.txt": "The bridge has 3 towers.\n" });
    const config = await pgConfig(corpus, "atomic");
    await runIngest(config, { quiet: true });
    await writeFile(path.join(corpus, "notes.txt"), "The bridge has 7 towers.\n");
    const { ingest } = await import("../src/ingest/pipeline.js");
    const { createIndexStore } = await import("../src/index/store-factory.js");
    const { LocalEmbeddings } = await import("../src/embeddings/local.js");
    const embeddings = new LocalEmbeddings({ workers: 0 });
    const store = await createIndexStore(config);
    let during = "";
    await ingest({
      corpusDir: corpus,
      store,
      embeddings,
      beforePublish: async (staged) => {
        expect(staged).toMatch(/^atomic_chunks_v\d+$/);
        const qa = await Qa.open(config);
        during = (await qa.ask("How many towers does the bridge have?")).answer;
        await qa.close();
      },
    });
    await store.close();
    expect(during).toContain("3 towers");
    const after = await Qa.open(config);
    expect((await after.ask("How many towers does the bridge have?")).answer).toContain("7 towers");
    await Promise.all([after.close(), embeddings.close()]);
  });

  it("an ingest killed mid-way leaves the previous passages answering, and the next one cleans up", async () => {
    const docs: Record<string, string> = {};
    for (let i = 0; i < 60; i++) docs[`doc-${i}.txt`] = `Document ${i} says the tower has ${i + 3} floors. It was built in ${1900 + i}.\n`;
    const corpus = await corpusCopy(docs);
    const config = await pgConfig(corpus, "killed");
    await runIngest(config, { quiet: true });
    const before = await chunkTables("killed");
    for (let i = 0; i < 60; i++) await writeFile(path.join(corpus, `doc-${i}.txt`), `Document ${i} was rewritten; the tower now has ${i + 50} floors and a garden.\n`);

    // Kill it once its new version row exists (the chunk table is being written). On a native
    // server the pointer is held locked against writes meanwhile (reads go on), so that a fast
    // server cannot let it publish first. (PGlite shares one session between connections.)
    const env = { CORPUS_DIR: corpus, VECTOR_STORE: "pgvector", PG_URL: server.url, PG_TABLE: "killed", EMBED_WORKERS: "0" };
    const holder = server.kind === "native" ? await db.connect() : undefined;
    await holder?.query("BEGIN");
    await holder?.query("LOCK TABLE killed_current IN EXCLUSIVE MODE");
    const child = spawn(...projectCommand("scripts/ingest.ts", ["--json"]), { cwd: ROOT, env: { ...process.env, ...env }, stdio: "ignore" });
    const exited = new Promise((r) => child.once("exit", r));
    for (let tries = 0; tries < 600; tries++) {
      const n = (await db.query(`SELECT count(*)::int AS n FROM killed_versions`)).rows[0].n;
      if (n > before.length || child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGKILL");
    await exited;
    await holder?.query("ROLLBACK");
    holder?.release();

    const qa = await Qa.open(config);
    const a = await qa.ask("How many floors does the tower have?");
    expect(a.abstained).toBe(false);
    expect(a.answer).not.toMatch(/rewritten/);
    expect(a.answer).toMatch(/floors/);
    await qa.close();

    // The dead ingest's lease still holds: the next ingest says so instead of racing it …
    const locked = await run("scripts/ingest.ts", [], { env });
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(/another ingest .* is updating postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres .*lease runs out/);
    expect(locked.stderr).not.toContain(new URL(server.url).password);
    // … and once the lease has run out (made to here), it publishes and drops the half-written table.
    await db.query(`UPDATE killed_locks SET expires_at = now() - interval '1 second'`);
    const done = await run("scripts/ingest.ts", ["--json"], { env });
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ upToDate: false });
    const tables = await chunkTables("killed");
    expect(tables).toHaveLength(2);
    expect(tables).toContain(before[0]); // the version it replaced, not the half-written one
    const after = await Qa.open(config);
    expect((await after.ask("How many floors does the tower have?")).answer).toMatch(/rewritten; the tower now has \d+ floors/);
    await after.close();
  });
});

describe("a folder index copied into Postgres (npm run migrate-index)", () => {
  it("answers as the folder did, and the next ingest into Postgres embeds nothing", async () => {
    const corpus = await corpusCopy({ "notes.txt": "The ferry terminal opens in 2029.\n" });
    const dir = await tempDir();
    const folder = loadConfig({ CORPUS_DIR: corpus, DATA_DIR: dir, INDEX_DIR: path.join(dir, "index"), EMBED_WORKERS: "0" }, dir);
    await runIngest(folder, { quiet: true });
    const env = { CORPUS_DIR: corpus, INDEX_DIR: folder.indexDir, VECTOR_STORE: "pgvector", PG_URL: server.url, PG_TABLE: "migrated", EMBED_WORKERS: "0" };
    const copied = await run("scripts/migrate-index.ts", ["--json"], { env });
    expect(copied.code, copied.stderr).toBe(0);
    expect(JSON.parse(copied.stdout)).toMatchObject({ chunks: expect.any(Number), to: expect.stringMatching(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres \(tables migrated_\*\)$/) });
    expect(copied.stdout + copied.stderr).not.toContain(new URL(server.url).password);
    const postgres = loadConfig(env, dir);
    const [a, b] = await Promise.all([Qa.open(folder), Qa.open(postgres)]);
    for (const q of ["When does the ferry terminal open?", "Which district will host the banking and insurance technology cluster?"]) {
      expect(shown(await b.ask(q))).toEqual(shown(await a.ask(q)));
    }
    expect(await runIngest(postgres, { quiet: true })).toMatchObject({ upToDate: true, embedded: 0 });
    await Promise.all([a.close(), b.close()]);
  });
});

describe("a server that takes one connection (PGlite's default)", () => {
  it("npm start builds the index in an empty database and answers; npm run ask then answers from it", async () => {
    const single = await startPgServer({ pglite: true });
    const env = { CORPUS_DIR: PLAN_CORPUS, VECTOR_STORE: "pgvector", PG_URL: single.url, EMBED_WORKERS: "0" };
    const q = "Which district will host the banking and insurance technology cluster?";
    const started = await run("src/main.ts", [], { env, input: `${q}\n`, timeoutMs: 120_000 });
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toContain("Shijingshan");
    expect(started.stdout).toContain(PLAN_DOC);
    const asked = await run("scripts/ask.ts", [q], { env });
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stdout).toContain("Shijingshan");
  });
});

describe("a damaged or unreachable database", () => {
  it("a dropped chunk table is refused with the fix, and npm run ingest rebuilds it", async () => {
    const corpus = await corpusCopy();
    const config = await pgConfig(corpus, "damaged");
    await runIngest(config, { quiet: true });
    const [table] = await chunkTables("damaged");
    await db.query(`DROP TABLE ${table}`);
    const env = { CORPUS_DIR: corpus, VECTOR_STORE: "pgvector", PG_URL: server.url, PG_TABLE: "damaged" };
    const asked = await run("scripts/ask.ts", ["Which district hosts the banking cluster?"], { env });
    expect(asked.code).toBe(3);
    expect(asked.stderr).toMatch(/damaged \(its chunk table is gone\).*npm run ingest/);
    expect((await run("scripts/ingest.ts", [], { env })).code).toBe(0);
    const again = await run("scripts/ask.ts", ["Which district will host the banking and insurance technology cluster?"], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Shijingshan");
  });

  it("an unreachable server is named without its password, exit 3", async () => {
    const env = { VECTOR_STORE: "pgvector", PG_URL: "postgres://bot:very-secret-pw@127.0.0.1:1/planbot" };
    for (const [script, args] of [
      ["scripts/ask.ts", ["Which district?"]],
      ["scripts/ingest.ts", []],
    ] as const) {
      const r = await run(script, [...args], { env });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/Cannot reach the index in postgres:\/\/bot@127\.0\.0\.1:1\/planbot .*ECONNREFUSED.*PG_URL/);
      expect(r.stderr + r.stdout).not.toContain("very-secret-pw");
    }
  });
});
