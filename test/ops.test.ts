// Operations: /healthz and /metrics (unit, and on the real process), bounded concurrency, and
// graceful shutdown end to end: `node --import tsx src/main.ts` (and `npm start`) with the
// Telegram stand-in, SIGTERM while an answer is on its way out.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { mkdir, copyFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_MODEL_ID } from "../src/embeddings/local.js";
import { BadQuestionError, IndexUnavailableError, LlmError } from "../src/errors.js";
import { HttpServer } from "../src/http/server.js";
import { Health, mountOps, registerProcessMetrics } from "../src/ops/health.js";
import { errorKind, instrumentQa, QaMetrics } from "../src/ops/instrumented-qa.js";
import { limitConcurrency } from "../src/ops/limit.js";
import { PROMETHEUS_CONTENT_TYPE, Registry } from "../src/ops/metrics.js";
import type { QaService } from "../src/types.js";
import { fakeQa } from "./helpers/fake-qa.js";
import { PLAN_CORPUS, PLAN_DOC } from "./helpers/plan-qa.js";
import { childEnv, projectCommand, ROOT, run } from "./helpers/run.js";
import { StallingProxy } from "./helpers/stalling-proxy.js";
import { tempDir } from "./helpers/tmp.js";
import { TelegramApiStandin, type RecordedCall } from "./standins/telegram-api.js";
import { until } from "./helpers/replica.js";

// ---- Prometheus text format ---------------------------------------------------------------

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the text exposition format strictly; throws on any line Prometheus would refuse. */
function parseProm(text: string): Sample[] {
  expect(text.endsWith("\n")).toBe(true);
  const samples: Sample[] = [];
  const typed = new Map<string, string>();
  for (const line of text.slice(0, -1).split("\n")) {
    if (line.startsWith("# HELP ")) {
      expect(line).toMatch(/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$/);
      continue;
    }
    if (line.startsWith("# TYPE ")) {
      const m = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
      expect(m, line).not.toBeNull();
      expect(typed.has(m![1]!), `TYPE twice for ${m![1]}`).toBe(false);
      typed.set(m![1]!, m![2]!);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    expect(m, `bad sample line: ${line}`).not.toBeNull();
    const labels: Record<string, string> = {};
    const body = m![3] ?? "";
    const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\\\|\\"|\\n)*)"(,|$)/y;
    let at = 0;
    while (at < body.length) {
      labelRe.lastIndex = at;
      const l = labelRe.exec(body);
      expect(l, `bad labels: ${body}`).not.toBeNull();
      labels[l![1]!] = l![2]!.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
      at = labelRe.lastIndex;
    }
    const name = m![1]!;
    const family = name.replace(/_(bucket|sum|count)$/, "");
    expect(typed.has(name) || typed.get(family) === "histogram", `sample before its TYPE: ${name}`).toBe(true);
    samples.push({ name, labels, value: Number(m![4] === "+Inf" ? Infinity : m![4]) });
  }
  return samples;
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) => samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe("metrics registry and the instrumented service", () => {
  it("renders valid Prometheus text, escaping label values", async () => {
    const r = new Registry();
    const c = r.counter("x_total", "Things.\nWith a second line \\ and a backslash.", ["who"]);
    c.inc({ who: 'a "quoted"\nname \\ here' }, 2);
    c.inc({ who: "b" });
    r.gaugeOf("g", "A gauge.", () => 1.5);
    const h = r.histogram("lat_seconds", "Latency.", ["ch"], [0.1, 1]);
    h.observe({ ch: "t" }, 0.05);
    h.observe({ ch: "t" }, 0.5);
    h.observe({ ch: "t" }, 5);
    const text = await r.render();
    const s = parseProm(text);
    expect(value(s, "x_total", { who: 'a "quoted"\nname \\ here' })).toBe(2);
    expect(value(s, "g")).toBe(1.5);
    expect([0.1, 1, Infinity].map((le) => value(s, "lat_seconds_bucket", { ch: "t", le: le === Infinity ? "+Inf" : String(le) }))).toEqual([1, 2, 3]);
    expect(value(s, "lat_seconds_count", { ch: "t" })).toBe(3);
    expect(value(s, "lat_seconds_sum", { ch: "t" })).toBeCloseTo(5.55);
    expect(text).toContain('x_total{who="a \\"quoted\\"\\nname \\\\ here"} 2\n');
    expect(() => c.inc({ who: "x" }, -1)).toThrow();
    expect(() => r.counter("x_total", "again")).toThrow();
  });

  it("counts questions, abstentions, errors by kind and latency per channel, passing everything else through", async () => {
    const reg = new Registry();
    const m = new QaMetrics(reg);
    const base = fakeQa({ failOn: /boom/ });
    const slow = Object.assign(base, { extra: () => "passed through" });
    const tg = instrumentQa(slow, "telegram", m);
    const sl = instrumentQa(slow, "slack", m);
    await tg.ask("How many companies?");
    await tg.ask("What about Shanghai?"); // the fake abstains on Shanghai
    await expect(tg.ask("boom")).rejects.toThrow();
    const bad = new BadQuestionError("Please type a question.");
    const refusing = instrumentQa({ ...slow, ask: () => Promise.reject(bad) } as QaService, "slack", m);
    await expect(refusing.ask("")).rejects.toThrow("Please type");
    await sl.ask("Another one?");
    expect((tg as typeof slow).extra()).toBe("passed through");
    expect(tg.sources()).toEqual(base.sources());

    const s = parseProm(await reg.render());
    expect(value(s, "planbot_questions_total", { channel: "telegram" })).toBe(3);
    expect(value(s, "planbot_questions_total", { channel: "slack" })).toBe(2);
    expect(value(s, "planbot_abstentions_total", { channel: "telegram" })).toBe(1);
    expect(value(s, "planbot_abstentions_total", { channel: "slack" })).toBe(0);
    expect(value(s, "planbot_errors_total", { channel: "telegram", kind: "internal" })).toBe(1);
    expect(value(s, "planbot_errors_total", { channel: "slack", kind: "bad_question" })).toBe(1);
    expect(value(s, "planbot_errors_total", { channel: "slack", kind: "index" })).toBe(0);
    expect(value(s, "planbot_answer_duration_seconds_count", { channel: "telegram" })).toBe(2);
    expect(value(s, "planbot_questions_in_flight", { channel: "telegram" })).toBe(0);
    expect(errorKind(new IndexUnavailableError(""))).toBe("index");
    expect(errorKind(new LlmError("http", ""))).toBe("llm");
  });

  it("bounds concurrency across callers, first come first served", async () => {
    const qa = fakeQa();
    const release = qa.hold();
    const limited = limitConcurrency(qa, 3);
    const done: string[] = [];
    const all = Array.from({ length: 10 }, (_, i) => limited.ask(`q${i}`).then(() => void done.push(`q${i}`)));
    await new Promise((r) => setTimeout(r, 20));
    expect(qa.asked).toEqual(["q0", "q1", "q2"]);
    expect(limited.running).toBe(3);
    expect(limited.waiting).toBe(7);
    release();
    await Promise.all(all);
    expect(qa.asked).toEqual(Array.from({ length: 10 }, (_, i) => `q${i}`));
    expect(limited.running).toBe(0);
    // A failing question frees its turn too.
    const failing = limitConcurrency(fakeQa({ failOn: /x/ }), 1);
    await expect(failing.ask("x")).rejects.toThrow();
    await expect(failing.ask("fine")).resolves.toBeDefined();
  });
});

describe("/healthz and /metrics on the shared server", () => {
  it("says starting (503), then ok (200) with what is loaded, then stopping (503)", async () => {
    const http = new HttpServer();
    const health = new Health();
    const reg = new Registry();
    registerProcessMetrics(reg, health);
    mountOps(http, health, reg);
    const port = await http.listen(0, "127.0.0.1");
    const get = async (p: string, method = "GET") => {
      const res = await fetch(`http://127.0.0.1:${port}${p}`, { method });
      return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
    };
    try {
      const starting = await get("/healthz");
      expect(starting.status).toBe(503);
      expect(JSON.parse(starting.text)).toMatchObject({ status: "starting" });
      expect(value(parseProm((await get("/metrics")).text), "planbot_ready")).toBe(0);

      health.ready({ documents: 3, chunks: 42, model: "m1", indexBuiltAt: "2026-01-01T00:00:00.000Z" });
      const ok = await get("/healthz");
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.text)).toMatchObject({ status: "ok", documents: 3, chunks: 42, model: "m1" });
      const metrics = await get("/metrics");
      expect(metrics.type).toBe(PROMETHEUS_CONTENT_TYPE);
      const s = parseProm(metrics.text);
      expect(value(s, "planbot_ready")).toBe(1);
      expect(value(s, "planbot_index_chunks")).toBe(42);
      expect(value(s, "process_resident_memory_bytes")).toBeGreaterThan(0);

      expect((await get("/healthz", "POST")).status).toBe(405);
      expect((await get("/healthz", "HEAD")).status).toBe(200);
      health.stopping();
      expect((await get("/healthz")).status).toBe(503);
      expect(JSON.parse((await get("/healthz")).text)).toMatchObject({ status: "stopping" });
    } finally {
      await http.close();
    }
  });

  it("answers 503 for unknown paths while starting, 404 after", async () => {
    const http = new HttpServer();
    http.setFallback((_q, res) => void res.writeHead(503).end());
    const port = await http.listen(0, "127.0.0.1");
    try {
      expect((await fetch(`http://127.0.0.1:${port}/telegram/hook`, { method: "POST" })).status).toBe(503);
      http.setFallback(undefined);
      expect((await fetch(`http://127.0.0.1:${port}/telegram/hook`, { method: "POST" })).status).toBe(404);
    } finally {
      await http.close();
    }
  });

  it("says clearly when the port is taken", async () => {
    const a = new HttpServer();
    const port = await a.listen(0, "127.0.0.1");
    try {
      await expect(new HttpServer().listen(port, "127.0.0.1")).rejects.toThrow(`port ${port} is already in use`);
    } finally {
      await a.close();
    }
  });
});

// ---- the real process ----------------------------------------------------------------------

const TOKEN = "123456:TEST-ops-token-not-real-aaaaaaaaaaaaaaaaaaaa";
const Q_ANSWER = "Which district will host the banking and insurance technology cluster?";
const Q_ABSTAIN = "What is Shanghai's fintech budget?";

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

interface Proc {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(cmd: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(cmd, args, { cwd: ROOT, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  const p: Proc = {
    child,
    stdout: "",
    stderr: "",
    exited: new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal }))),
  };
  child.stdout!.on("data", (d) => (p.stdout += d));
  child.stderr!.on("data", (d) => (p.stderr += d));
  return p;
}

async function healthz(port: number): Promise<{ status: number; body: Record<string, unknown> } | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } catch {
    return undefined; // not listening yet
  }
}

const replyTo = (chatId: number, messageId: number) => (c: RecordedCall) =>
  c.method === "sendMessage" && c.status === 200 && Number(c.params.chat_id) === chatId && (c.params.reply_parameters as { message_id?: number } | undefined)?.message_id === messageId;

describe("npm start with Telegram: health, metrics, SIGTERM mid-answer", () => {
  let api: TelegramApiStandin;
  let proxy: StallingProxy;
  let corpus: string;
  let indexDir: string;
  const procs: Proc[] = [];

  beforeAll(async () => {
    const dir = await tempDir("planbot-ops-");
    corpus = path.join(dir, "corpus");
    indexDir = path.join(dir, "data", "index");
    await mkdir(corpus);
    await copyFile(path.join(PLAN_CORPUS, PLAN_DOC), path.join(corpus, PLAN_DOC));
    api = await TelegramApiStandin.start({ token: TOKEN });
    proxy = await StallingProxy.start(api.apiRoot);
  });
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await proxy?.close();
    await api?.close();
  });

  it("is 'starting' while the index builds, then 'ok'; /metrics counts per channel; SIGTERM lets the answer out and exits 0", async () => {
    const port = await freePort();
    const p = start(...projectCommand("src/main.ts"), {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: proxy.url,
      PORT: String(port),
      CORPUS_DIR: corpus,
      INDEX_DIR: indexDir, // missing: start builds it first, so "starting" lasts a few seconds
      RATE_LIMIT_PER_MINUTE: "0",
    });
    procs.push(p);

    const first = await until(() => healthz(port), 60_000, "the HTTP server");
    expect(first).toMatchObject({ status: 503, body: { status: "starting" } });
    // No question is taken before the index is loaded: polling has not started.
    expect(api.calls.filter((c) => c.method === "getUpdates")).toEqual([]);
    const ok = await until(async () => ((await healthz(port))?.status === 200 ? healthz(port) : undefined), 90_000, "/healthz ok");
    expect(ok!.body).toMatchObject({ status: "ok", documents: 1, model: LOCAL_MODEL_ID });
    expect(ok!.body.chunks).toBeGreaterThan(0);
    await api.waitFor((c) => c.method === "getUpdates", "polling", 30_000);

    const u = { id: 9001, is_bot: false as const, first_name: "Ops" };
    const chat = { id: u.id, type: "private" as const, first_name: "Ops" };
    const m1 = await api.userSays({ chat, from: u, text: Q_ANSWER });
    await api.waitFor((c) => replyTo(chat.id, m1.message_id)(c) && c.params.reply_markup !== undefined, "answer 1", 20_000);
    const m2 = await api.userSays({ chat, from: u, text: Q_ABSTAIN });
    await api.waitFor((c) => replyTo(chat.id, m2.message_id)(c) && c.params.reply_markup !== undefined, "answer 2", 20_000);
    const m3 = await api.userSays({ chat, from: u, text: "x".repeat(2_100) });
    await api.waitFor(replyTo(chat.id, m3.message_id), "the too-long note", 20_000);

    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.headers.get("content-type")).toBe(PROMETHEUS_CONTENT_TYPE);
    const s = parseProm(await res.text());
    expect(value(s, "planbot_questions_total", { channel: "telegram" })).toBe(3);
    expect(value(s, "planbot_abstentions_total", { channel: "telegram" })).toBe(1);
    expect(value(s, "planbot_errors_total", { channel: "telegram", kind: "bad_question" })).toBe(1);
    expect(value(s, "planbot_errors_total", { channel: "telegram", kind: "internal" })).toBe(0);
    expect(value(s, "planbot_answer_duration_seconds_count", { channel: "telegram" })).toBe(2);
    expect(value(s, "planbot_ready")).toBe(1);
    expect(value(s, "planbot_index_documents")).toBe(1);

    // An answer on its way out: the proxy holds its sendMessage while SIGTERM arrives.
    const release = proxy.holdNext((p, body) => p.endsWith("/sendMessage") && body.includes('"reply_markup"'));
    const m4 = await api.userSays({ chat, from: u, text: "Where will the wealth management cluster be?" });
    await until(() => (proxy.caught > 0 ? true : undefined), 20_000, "the answer to be on its way");
    p.child.kill("SIGTERM");
    const stopping = await until(async () => ((await healthz(port))?.body.status === "stopping" ? true : undefined), 10_000, "/healthz stopping");
    expect(stopping).toBe(true);
    // Intake has stopped: a question sent now is left for the next instance.
    const late = await api.userSays({ chat, from: u, text: Q_ANSWER });
    await new Promise((r) => setTimeout(r, 300));
    release();
    const exit = await Promise.race([p.exited, new Promise((r) => setTimeout(() => r("timeout"), 25_000))]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(api.calls.some((c) => replyTo(chat.id, m4.message_id)(c) && c.params.reply_markup !== undefined)).toBe(true);
    expect(api.calls.some(replyTo(chat.id, late.message_id))).toBe(false);

    // Structured logs: every stderr line is JSON; no secret anywhere; the shutdown is told.
    const lines = p.stderr.trim().split("\n");
    for (const l of lines) expect(() => JSON.parse(l), l).not.toThrow();
    const msgs = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(msgs).toEqual(expect.arrayContaining(["SIGTERM: finishing answers in flight, then stopping", "stopped"]));
    for (const out of [p.stdout, p.stderr]) expect(out).not.toContain(TOKEN.split(":")[1]!);
  }, 150_000);

  it("npm start forwards SIGTERM to planbot itself (no orphan left running) and exits 0", async () => {
    const port = await freePort();
    const p = start("npm", ["start", "--silent"], {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      PORT: String(port),
      CORPUS_DIR: corpus,
      INDEX_DIR: indexDir, // built by the test above
    });
    procs.push(p);
    await until(() => (p.stderr.includes("planbot is running") ? true : undefined), 60_000, "planbot to run");
    const pid = (JSON.parse(p.stderr.split("\n").find((l) => l.includes("planbot is running"))!) as { pid: number }).pid;
    p.child.kill("SIGTERM");
    const exit = await Promise.race([p.exited, new Promise((r) => setTimeout(() => r("timeout"), 25_000))]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(p.stderr).toContain("SIGTERM: finishing answers in flight");
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await until(() => (alive() ? undefined : true), 5_000, `planbot (pid ${pid}) to be gone`);
  }, 90_000);

  it("the terminal chat (no tokens) opens no port: it answers even when PORT is taken", async () => {
    const blocker = new HttpServer();
    const port = await blocker.listen(0, "127.0.0.1");
    try {
      const r = await run("src/main.ts", [], { env: { PORT: String(port), INDEX_DIR: indexDir, CORPUS_DIR: corpus }, input: `${Q_ANSWER}\n`, timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("Shijingshan");
      expect(r.stderr).not.toMatch(/listening|port/i);
    } finally {
      await blocker.close();
    }
  }, 90_000);
});
