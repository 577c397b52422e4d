// Hostile requests against the shared HTTP server and the two routes anyone can reach
// (/slack/events, the Telegram webhook): nothing a client sends stops the process or makes it
// read more than a bounded body. Raw sockets, because fetch() refuses to send most of these.
import net from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackChannel } from "../src/channels/slack/adapter.js";
import { SLACK_MAX_BODIES_IN_FLIGHT } from "../src/channels/slack/shared-http-receiver.js";
import { createTelegramChannel } from "../src/channels/telegram/adapter.js";
import type { Channel } from "../src/channels/channel.js";
import { ConfigError, loadConfig, secretsOf } from "../src/config.js";
import { FeedbackStore } from "../src/feedback.js";
import { readBody } from "../src/http/read-body.js";
import { HttpServer } from "../src/http/server.js";
import { createLogger } from "../src/log.js";
import { Health, mountOps } from "../src/ops/health.js";
import { Registry } from "../src/ops/metrics.js";
import { fakeQa } from "./helpers/fake-qa.js";
import { slackSignature, SlackSender } from "./helpers/slack-sign.js";
import { SlackApiStandIn, waitUntil } from "./standins/slack-api.js";
import { TelegramApiStandin } from "./standins/telegram-api.js";
import { rawRequest } from "./helpers/raw-http.js";

async function healthy(port: number): Promise<number> {
  return (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
}

describe("the shared HTTP server", () => {
  let http: HttpServer;
  let port: number;
  const handlerErrors: unknown[] = [];
  beforeAll(async () => {
    http = new HttpServer();
    http.onHandlerError = (err) => handlerErrors.push(err);
    http.route("/healthz", (_q, res) => void res.writeHead(200).end("ok"));
    http.route("/echo", async (req, res) => {
      const body = await readBody(req, { maxBytes: 1000, timeoutMs: 1000 });
      res.writeHead(200).end(body);
    });
    http.route("/throws", () => {
      throw new Error("handler bug");
    });
    http.route("/rejects", async () => {
      await new Promise((r) => setTimeout(r, 1));
      throw new Error("async handler bug");
    });
    port = await http.listen(0, "127.0.0.1");
  });
  afterAll(() => http.close());

  it("answers 400 to request targets new URL() refuses, and keeps serving", async () => {
    // The probe that stopped the bot: `curl -g --path-as-is 'http://127.0.0.1:PORT//['`.
    expect(await rawRequest(port, "GET //[ HTTP/1.1\r\nHost: x\r\n\r\n")).toBe(400);
    expect(await rawRequest(port, "GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n")).toBe(400);
    expect(await rawRequest(port, "POST http://[::1 HTTP/1.1\r\nHost: x\r\ncontent-length: 0\r\n\r\n")).toBe(400);
    expect(await healthy(port)).toBe(200);
  });

  it("answers what node's parser refuses (bad request lines, headers, chunks) with 4xx", async () => {
    expect(await rawRequest(port, "BLAH\r\n\r\n")).toBe(400);
    expect(await rawRequest(port, "GET /healthz HTTP/1.1\r\nbad header\r\n\r\n")).toBe(400);
    expect(await rawRequest(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n")).toBe(431);
    expect(await rawRequest(port, "POST /healthz HTTP/1.1\r\nHost: x\r\ncontent-length: -5\r\n\r\n")).toBe(400);
    // Garbage in a chunked body is found while the handler reads it: 400, or the connection closed.
    expect([400, 0]).toContain(await rawRequest(port, "POST /echo HTTP/1.1\r\nHost: x\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nnope\r\n"));
    // A body cut short by the client's end: the request is dropped (the client is gone).
    expect([400, 0]).toContain(await rawRequest(port, "POST /echo HTTP/1.1\r\nHost: x\r\ncontent-length: 5\r\n\r\nab", { endAfter: true }));
    expect(await rawRequest(port, "POST /echo HTTP/1.1\r\nHost: x\r\ncontent-length: 5000\r\n\r\nab")).toBe(413);
    expect(await healthy(port)).toBe(200);
  });

  it("answers 500 to a handler's error (thrown or rejected) and reports it, without letting it escape", async () => {
    expect((await fetch(`http://127.0.0.1:${port}/throws`)).status).toBe(500);
    expect((await fetch(`http://127.0.0.1:${port}/rejects`)).status).toBe(500);
    expect(handlerErrors.map((e) => (e as Error).message)).toEqual(["handler bug", "async handler bug"]);
    expect((await fetch(`http://127.0.0.1:${port}/nothing-here`)).status).toBe(404);
  });
});

describe("HOST and /metrics settings", () => {
  it("reads HOST (default 0.0.0.0), METRICS_PORT and METRICS_TOKEN, and keeps the token secret", () => {
    const c = loadConfig({ HOST: "127.0.0.1", METRICS_PORT: "9464", METRICS_TOKEN: "metrics-token-not-real-1234" }, "/tmp");
    expect(c.host).toBe("127.0.0.1");
    expect(c.metrics).toEqual({ port: 9464, token: "metrics-token-not-real-1234" });
    expect(secretsOf(c)).toContain("metrics-token-not-real-1234");
    expect(loadConfig({}, "/tmp").host).toBe("0.0.0.0");
    expect(() => loadConfig({ HOST: "http://x/" }, "/tmp")).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: "short" }, "/tmp")).toThrow(/METRICS_TOKEN/);
  });

  it("serves /metrics on its own port, behind the bearer token, and not on the main port", async () => {
    const main = new HttpServer();
    const side = new HttpServer();
    mountOps(main, new Health(), new Registry(), { metricsHttp: side, metricsToken: "metrics-token-not-real-1234" });
    const [p, m] = [await main.listen(0, "127.0.0.1"), await side.listen(0, "127.0.0.1")];
    try {
      expect((await fetch(`http://127.0.0.1:${p}/metrics`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${m}/metrics`)).status).toBe(401);
      const wrong = await fetch(`http://127.0.0.1:${m}/metrics`, { headers: { authorization: "Bearer metrics-token-not-real-1235" } });
      expect(wrong.status).toBe(401);
      const ok = await fetch(`http://127.0.0.1:${m}/metrics`, { headers: { authorization: "Bearer metrics-token-not-real-1234" } });
      expect(ok.status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${p}/healthz`)).status).toBe(503); // starting
    } finally {
      await Promise.all([main.close(), side.close()]);
    }
  });
});

// ---- /slack/events and the Telegram webhook --------------------------------------------

const SIGNING_SECRET = "test-signing-secret-not-real";
const TG_TOKEN = "123456:TEST-hostile-token-not-real-aaaaaaaaaaaaa";
const TG_SECRET = "hook-secret-not-real";

describe("/slack/events and the Telegram webhook under hostile bodies", () => {
  let http: HttpServer;
  let port: number;
  let slackApi: SlackApiStandIn;
  let tgApi: TelegramApiStandin;
  let dir: string;
  const channels: Channel[] = [];
  const lines: string[] = [];
  const qa = fakeQa();
  let sender: SlackSender;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "planbot-hostile-"));
    slackApi = await new SlackApiStandIn().start();
    tgApi = await TelegramApiStandin.start({ token: TG_TOKEN });
    http = new HttpServer();
    port = await http.listen(0, "127.0.0.1");
    const config = loadConfig(
      {
        DATA_DIR: dir,
        SLACK_BOT_TOKEN: "xoxb-test-not-a-real-token",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slackApi.apiUrl,
        TELEGRAM_BOT_TOKEN: TG_TOKEN,
        TELEGRAM_API_ROOT: tgApi.apiRoot,
        TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`,
        TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
        RATE_LIMIT_PER_MINUTE: "0",
      },
      dir,
    );
    const log = createLogger({ level: "debug", json: true, secrets: secretsOf(config), write: (l) => lines.push(l) });
    const deps = { qa, config, log, feedback: new FeedbackStore(dir), http };
    channels.push(createSlackChannel(deps), createTelegramChannel(deps));
    for (const c of channels) await c.start();
    sender = new SlackSender(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET);
  });
  afterAll(async () => {
    for (const c of channels) await c.stop();
    await http.close();
    await slackApi.close();
    await tgApi.close();
    await rm(dir, { recursive: true, force: true });
  });

  const signedHead = (body: string, ts = Math.floor(Date.now() / 1000)) => `x-slack-request-timestamp: ${ts}\r\nx-slack-signature: ${slackSignature(SIGNING_SECRET, ts, body)}\r\n`;

  it("refuses a declared 4 MB body before reading it, and a chunked one past 1 MB while it streams", async () => {
    expect(await rawRequest(port, `POST /slack/events HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 4000000\r\n${signedHead("x")}\r\n{`)).toBe(413);
    // No length given: the body is counted as it arrives and cut off at the limit.
    const chunk = "a".repeat(64 * 1024);
    const chunks = Array.from({ length: 20 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join("");
    const status = await rawRequest(port, `POST /slack/events HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n${signedHead("x")}\r\n${chunks}`);
    expect([413, 0]).toContain(status); // 413, or the connection closed while the client still wrote
    // Unsigned or stale requests are refused on their headers, before the body.
    expect(await rawRequest(port, "POST /slack/events HTTP/1.1\r\nHost: x\r\ncontent-length: 900000\r\n\r\n")).toBe(401);
  });

  it("holds the timestamp window both ways: 10 minutes ahead or behind is refused", async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = { type: "app_mention", user: "U1", text: "<@UPLANBOT> hi", ts: "1.1", channel: "C1" };
    expect((await sender.event(body, { timestamp: now + 600 })).status).toBe(401);
    expect((await sender.event(body, { timestamp: now - 600 })).status).toBe(401);
  });

  it("answers 400 to a signed `null`, `payload=null` or non-object body, and nothing throws", async () => {
    for (const [body, type] of [
      ["null", "application/json"],
      ["[1,2]", "application/json"],
      ["payload=null", "application/x-www-form-urlencoded"],
      ["payload=%7Bnope", "application/x-www-form-urlencoded"],
      ["{not json", "application/json"],
    ] as const) {
      expect((await sender.send(body, type)).status, body).toBe(400);
    }
  });

  it("posts a replayed signed /ask to its response_url once", async () => {
    const ts = Math.floor(Date.now() / 1000);
    const fields = { text: "How many clusters?", response_url: slackApi.responseUrl("replayed") };
    const first = await sender.command(fields, { timestamp: ts });
    const again = await sender.command(fields, { timestamp: ts });
    expect([first.status, again.status]).toEqual([200, 200]);
    await waitUntil(() => slackApi.responses.find((r) => r.id === "replayed"), 5_000, "the answer");
    await new Promise((r) => setTimeout(r, 300));
    expect(slackApi.responses.filter((r) => r.id === "replayed")).toHaveLength(1);
    expect(qa.asked.filter((q) => q === "How many clusters?")).toHaveLength(1);
  });

  it(`reads at most ${SLACK_MAX_BODIES_IN_FLIGHT} bodies at once: slow senders beyond that get 503 at once`, async () => {
    const held: net.Socket[] = [];
    const head = `POST /slack/events HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 1000000\r\n${signedHead("x")}\r\n`;
    for (let i = 0; i < SLACK_MAX_BODIES_IN_FLIGHT; i++) {
      const s = net.connect(port, "127.0.0.1");
      s.on("error", () => {});
      s.write(head + "a".repeat(1000)); // and then nothing: a slow sender
      held.push(s);
    }
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(await rawRequest(port, head + "a")).toBe(503);
      // Other routes are not held up.
      expect((await fetch(`http://127.0.0.1:${port}/telegram/hook`, { method: "POST" })).status).toBe(403);
    } finally {
      for (const s of held) s.destroy();
    }
  });

  it("the Telegram webhook checks its secret before the body, then refuses bodies over 1 MB and non-updates", async () => {
    const hook = `POST /telegram/hook HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n`;
    expect(await rawRequest(port, `${hook}content-length: 64000000\r\n\r\n{`)).toBe(403);
    expect(await rawRequest(port, `${hook}x-telegram-bot-api-secret-token: ${TG_SECRET}\r\ncontent-length: 64000000\r\n\r\n{`)).toBe(413);
    for (const body of ["null", "{}", "[]", '{"update_id":"1"}', "{nope"]) {
      const res = await fetch(`http://127.0.0.1:${port}/telegram/hook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": TG_SECRET },
        body,
      });
      expect(res.status, body).toBe(400);
    }
    expect(lines.filter((l) => /"level":"error"/.test(l))).toEqual([]);
  });
});
