// npm start (the terminal chat) keeps answering while a document is added to the corpus: the
// watcher re-ingests, the new index version is swapped in, and questions asked continuously
// across the swap all get an answer; the new document is answered within 10 s of its write.
// Both stores: the index folder and Postgres with pgvector.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startPgServer } from "./helpers/pg-server.js";
import { corpusWithPlan } from "./helpers/plan-corpus.js";
import { childEnv, projectCommand, ROOT } from "./helpers/run.js";

const HELP_LINE = "Ask a question about the documents and press Enter.";
const NEW_QUESTION = "How many licences does the quantum lending quota allow each year?";
const OLD_QUESTION = "Which district will host the banking cluster?";
const ANNEX = `---
url: https://example.org/annex
---
# Quantum lending annex

The quantum lending quota allows 42 licences each year, granted by the municipal bureau.
Applicants must file their request before the end of March.
`;

/** The terminal chat as a child; ask() sends a question and resolves with its reply block. */
function startChat(env: Record<string, string>) {
  const [cmd, args] = projectCommand("src/main.ts");
  const child: ChildProcessWithoutNullStreams = spawn(cmd, args, { cwd: ROOT, env: childEnv({ ...env, INDEX_RELOAD_MS: "200" }) });
  let out = "";
  let err = "";
  let waiting: (() => void) | undefined;
  child.stdout.on("data", (d) => {
    out += d;
    waiting?.();
  });
  child.stderr.on("data", (d) => (err += d));
  afterAll(() => void child.kill("SIGKILL"));
  return {
    stderr: () => err,
    /** `/help` after each question marks where its reply ends (lines are answered in order). */
    async ask(question: string, timeoutMs = 120_000): Promise<string> {
      const from = out.length;
      child.stdin.write(`${question}\n/help\n`);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const at = out.indexOf(HELP_LINE, from);
        if (at >= 0) {
          const reply = out.slice(from, at);
          out = out.slice(0, from) + out.slice(at + HELP_LINE.length); // consumed
          return reply;
        }
        if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}): ${err.slice(-2000)}`);
        if (Date.now() > deadline) throw new Error(`no reply to "${question}" within ${timeoutMs} ms: ${err.slice(-2000)}`);
        await new Promise<void>((r) => {
          waiting = r;
          setTimeout(r, 200);
        });
      }
    },
    close: () => child.stdin.end(),
  };
}

async function askAcrossAnAddedDocument(env: Record<string, string>, corpus: string) {
  const chat = startChat(env);
  // The first reply waits for the start-up ingest and the model.
  expect(await chat.ask(NEW_QUESTION, 300_000)).not.toContain("quantum-annex.md");
  // Written elsewhere and renamed in, as an editor or `cp` onto the same disk would.
  const staged = path.join(path.dirname(corpus), "annex.tmp");
  await writeFile(staged, ANNEX);
  await rename(staged, path.join(corpus, "quantum-annex.md"));
  const written = Date.now();
  const replies: Array<{ at: number; question: string; reply: string }> = [];
  let answeredAt: number | undefined;
  // Bounded: at most 1500 questions or 60 s, alternating a new and an old question, 25 ms apart.
  for (let i = 0; i < 1500 && Date.now() - written < 60_000; i++) {
    await new Promise((r) => setTimeout(r, 25));
    const question = i % 2 ? OLD_QUESTION : NEW_QUESTION;
    const reply = await chat.ask(question, 30_000);
    replies.push({ at: Date.now(), question, reply });
    if (question === NEW_QUESTION && reply.includes("quantum-annex.md") && answeredAt === undefined) answeredAt = Date.now();
    if (answeredAt !== undefined && Date.now() - answeredAt > 3_000) break;
  }
  chat.close();
  return { replies, written, answeredAt, stderr: chat.stderr() };
}

function checkSwap(r: Awaited<ReturnType<typeof askAcrossAnAddedDocument>>) {
  expect(r.answeredAt, r.stderr.slice(-3000)).toBeDefined();
  const seconds = (r.answeredAt! - r.written) / 1000;
  console.log(`answered from the new document ${seconds.toFixed(1)} s after the write; ${r.replies.length} questions asked across the swap`);
  expect(seconds).toBeLessThan(10);
  // Every question got a real reply: old ones keep citing the plan, none failed.
  for (const { question, reply } of r.replies) {
    expect(reply).not.toMatch(/error|failed|unavailable/i);
    if (question === OLD_QUESTION) expect(reply).toContain("beijing-fintech-development-plan-2018-2022.txt");
  }
  expect(r.stderr).toMatch(/index reload: now serving version/);
  // Once answered from the new version, every later new-question reply is too.
  const after = r.replies.filter((x) => x.question === NEW_QUESTION && x.at >= r.answeredAt!);
  for (const x of after) expect(x.reply).toContain("quantum-annex.md");
}

describe("live reload while npm start serves (index folder)", () => {
  it("answers a document added to the folder within 10 s, no question dropped during the swap", async () => {
    const { corpus, index } = await corpusWithPlan();
    checkSwap(await askAcrossAnAddedDocument({ CORPUS_DIR: corpus, INDEX_DIR: index }, corpus));
  }, 480_000);
});

describe("live reload while npm start serves (pgvector)", async () => {
  const pg = await startPgServer({ maxConnections: 4 });
  it("answers a document added to the folder within 10 s, no question dropped during the swap", async () => {
    const { corpus, index } = await corpusWithPlan();
    checkSwap(await askAcrossAnAddedDocument({ CORPUS_DIR: corpus, INDEX_DIR: index, VECTOR_STORE: "pgvector", PG_URL: pg.url }, corpus));
  }, 480_000);
});

describe("live reload with a platform channel: /healthz and /metrics follow the version served", () => {
  it("a document added to the folder shows as a new version, documents + 1", async () => {
    const { SlackApiStandIn } = await import("./standins/slack-api.js");
    const { startReplica, until } = await import("./helpers/replica.js");
    const api = await new SlackApiStandIn().start();
    const { corpus, index } = await corpusWithPlan();
    const replica = await startReplica({
      CORPUS_DIR: corpus,
      INDEX_DIR: index,
      INDEX_RELOAD_MS: "200",
      SLACK_BOT_TOKEN: "xoxb-live-reload-test",
      SLACK_SIGNING_SECRET: "live-reload-signing-secret",
      SLACK_API_URL: api.apiUrl,
    });
    try {
      const first = await until(async () => ((await replica.healthz())?.status === 200 ? (await replica.healthz())!.body : undefined), 180_000, "ready");
      expect(first).toMatchObject({ status: "ok", documents: 1, indexReloads: 0, indexVersion: expect.any(String) });
      await writeFile(path.join(corpus, "quantum-annex.md"), ANNEX);
      const written = Date.now();
      const next = await until(
        async () => {
          const h = await replica.healthz();
          return h?.body.indexVersion !== first.indexVersion ? h?.body : undefined;
        },
        30_000,
        "a new version",
      );
      expect(Date.now() - written).toBeLessThan(10_000);
      expect(next).toMatchObject({ status: "ok", documents: 2, indexReloads: 1 });
      const metrics = await (await fetch(`${replica.url}/metrics`)).text();
      expect(metrics).toContain(`planbot_index_version_info{version="${String(next.indexVersion)}"} 1`);
      expect(metrics).not.toContain(`version="${String(first.indexVersion)}"`);
      expect(metrics).toMatch(/^planbot_index_documents 2$/m);
    } finally {
      replica.kill();
      await api.close();
    }
  }, 300_000);
});
