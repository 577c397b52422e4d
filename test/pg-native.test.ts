// The production defaults of VECTOR_STORE=pgvector on a native PostgreSQL with pgvector: a pool
// of 10 connections unless PG_POOL_MAX says otherwise, the session settings (statement timeout,
// the manifest's hnsw.ef_search) on every connection, TLS from PG_URL, and a server restarted
// in the middle of a burst of questions: every question answered, once. Skipped with a warning
// where no native server is installed (PGlite cannot be restarted or speak TLS).
import { spawnSync } from "node:child_process";
import { chown } from "node:fs/promises";
import path from "node:path";
import { expect, it } from "vitest";
import { serverUser } from "./helpers/native-pg-process.js";
import { loadConfig, type Config, type PgSettings } from "../src/config.js";
import { sharedPool } from "../src/index/pg/pools.js";
import { runIngest } from "../src/ingest/run-ingest.js";
import { Qa } from "../src/qa.js";
import { describeWithNativePg, startNativeServer } from "./helpers/pg-server.js";
import { PLAN_CORPUS } from "./helpers/plan-qa.js";
import { tempDir } from "./helpers/tmp.js";

const QUESTIONS = [
  "Which district will host the banking and insurance technology cluster?",
  "How many fintech companies does Beijing want to attract by 2022?",
  "What is the plan's time frame?",
  "Who issued the plan?",
];

async function planOn(url: string, extra: Record<string, string> = {}): Promise<Config> {
  const dir = await tempDir();
  const config = loadConfig({ CORPUS_DIR: PLAN_CORPUS, DATA_DIR: dir, EMBED_WORKERS: "0", VECTOR_STORE: "pgvector", PG_URL: url, ...extra }, dir);
  await runIngest(config, { quiet: true });
  return config;
}

function pgSettings(config: Config): PgSettings & { url: string } {
  if (config.vectorStore.kind !== "pgvector") throw new Error("not pgvector");
  return config.vectorStore;
}

describeWithNativePg("planbot on a native PostgreSQL with pgvector", () => {
  it("sizes its pool for concurrent questions (10 unless PG_POOL_MAX says otherwise) and sets each session from the manifest", async () => {
    const server = await startNativeServer();
    const config = await planOn(server.url, { PG_STATEMENT_TIMEOUT_MS: "2500" });
    const qa = await Qa.open(config);
    const answers = await Promise.all(Array.from({ length: 24 }, (_, k) => qa.ask(QUESTIONS[k % QUESTIONS.length]!)));
    expect(answers.every((a) => !a.abstained)).toBe(true);
    const pool = sharedPool(pgSettings(config).url, pgSettings(config));
    expect(pool.options.max).toBe(10);
    expect(pool.totalCount).toBeGreaterThan(1);
    const manifest = qa.index.manifest;
    // Every connection of the pool, not only one: check them all out at once.
    const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
    try {
      for (const c of clients) {
        const r = await c.query("SELECT current_setting('hnsw.ef_search') AS ef, current_setting('statement_timeout') AS t");
        expect(r.rows[0]).toEqual({ ef: String(manifest.hnsw.efSearch), t: "2500ms" });
      }
      // A query slower than PG_STATEMENT_TIMEOUT_MS is cut off by the server (query_canceled).
      await expect(clients[0]!.query("SELECT pg_sleep(5)")).rejects.toMatchObject({ code: "57014" });
    } finally {
      for (const c of clients) c.release();
    }
    await qa.close();

    const fixed = await planOn(server.url, { PG_POOL_MAX: "3", PG_TABLE: "fixed" });
    expect(sharedPool(pgSettings(fixed).url, pgSettings(fixed)).options.max).toBe(3);
  });

  it("speaks TLS as PG_URL's sslmode and sslrootcert say", async () => {
    const dir = await tempDir();
    const cert = path.join(dir, "server.crt");
    const key = path.join(dir, "server.key");
    const made = spawnSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
      {
        encoding: "utf8",
      },
    );
    expect(made.status, made.stderr).toBe(0);
    // The server runs as the postgres user when we are root; it must own its key.
    const user = serverUser();
    if (user) await Promise.all([dir, key, cert].map((f) => chown(f, user.uid, user.gid)));
    const server = await startNativeServer({ extraConf: ["ssl=on", `ssl_cert_file=${cert}`, `ssl_key_file=${key}`] });
    for (const [query, encrypted] of [
      [`sslmode=verify-full&sslrootcert=${encodeURIComponent(cert)}`, true],
      ["sslmode=disable", false],
    ] as const) {
      const config = await planOn(`${server.url}?${query}`, { PG_TABLE: encrypted ? "tls" : "plain" });
      const qa = await Qa.open(config);
      expect((await qa.ask(QUESTIONS[0]!)).answer).toContain("Shijingshan");
      const pool = sharedPool(pgSettings(config).url, pgSettings(config));
      const r = await pool.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
      expect(r.rows[0].ssl).toBe(encrypted);
      await qa.close();
    }
    // A server certificate the given root does not vouch for is refused.
    const other = path.join(dir, "other.crt");
    spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=other", "-keyout", path.join(dir, "other.key"), "-out", other]);
    const refused = await planOn(`${server.url}?sslmode=verify-full&sslrootcert=${encodeURIComponent(other)}`, { PG_TABLE: "wrongca" }).catch((err: Error) => err);
    expect(String(refused)).toMatch(/certificate/i);
    expect(String(refused)).not.toContain(new URL(server.url).password);
  });

  it("a server restarted during a burst of questions: every question is answered, once, with the same answer", async () => {
    const server = await startNativeServer();
    const config = await planOn(server.url);
    const qa = await Qa.open(config);
    const expected = new Map<string, string>();
    for (const q of QUESTIONS) expected.set(q, (await qa.ask(q)).answer);

    const TOTAL = 48;
    const CONCURRENCY = 4;
    const answered: Array<{ k: number; answer: string; ms: number }> = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < TOTAL) {
        const k = next++;
        const started = Date.now();
        const a = await qa.ask(QUESTIONS[k % QUESTIONS.length]!);
        answered.push({ k, answer: a.answer, ms: Date.now() - started });
        // A crash (immediate shutdown) once a few are answered; back a second later.
        if (answered.length === 8 && !killed) {
          killed = true;
          await server.stop("SIGQUIT");
          setTimeout(() => server.restart().catch((err: unknown) => console.error("restart failed", err)), 1000);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(killed).toBe(true);
    expect(answered).toHaveLength(TOTAL);
    expect(new Set(answered.map((a) => a.k)).size).toBe(TOTAL);
    for (const { k, answer } of answered) expect(answer).toBe(expected.get(QUESTIONS[k % QUESTIONS.length]!));
    // Some questions waited for the server to come back rather than failing.
    expect(Math.max(...answered.map((a) => a.ms))).toBeGreaterThan(500);
    await qa.close();
  });
});
