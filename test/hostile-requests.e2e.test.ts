// `npm start` with Slack over HTTP and the Telegram webhook (against the stand-ins) takes 1,000
// malformed requests of 20 kinds from 8 sockets at once, and answers real questions on both
// platforms meanwhile: no request stops it, none gets a 5xx, nothing is logged as an error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "telegraf/types";
import { planIndexEnv, type IndexEnv } from "./helpers/index-env.js";
import { rawRequest } from "./helpers/raw-http.js";
import { freePort } from "./helpers/redis-server.js";
import { ready, startReplica, type Replica } from "./helpers/replica.js";
import { slackSignature, SlackSender } from "./helpers/slack-sign.js";
import { BOT_USER_ID, SlackApiStandIn, waitUntil } from "./standins/slack-api.js";
import { TelegramApiStandin } from "./standins/telegram-api.js";

const TG_TOKEN = "123456:TEST-fuzz-token-not-real-aaaaaaaaaaaaaaaa";
const TG_SECRET = "fuzz-hook-secret-not-real";
const SLACK_SECRET = "fuzz-signing-secret-not-real";
const TOTAL = 1_000;
const SOCKETS = 8;

/** One malformed request of kind `k` (0-19); `i` varies the details. */
function malformed(k: number, i: number): { bytes: string; endAfter?: boolean } {
  const now = Math.floor(Date.now() / 1000);
  const signed = (body: string, type = "application/json", ts = now) =>
    `POST /slack/events HTTP/1.1\r\nHost: x\r\ncontent-type: ${type}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
    `x-slack-request-timestamp: ${ts}\r\nx-slack-signature: ${slackSignature(SLACK_SECRET, ts, body)}\r\n\r\n${body}`;
  const hook = (body: string, secret = TG_SECRET) =>
    `POST /telegram/hook HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\nx-telegram-bot-api-secret-token: ${secret}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const junk = Buffer.from(Array.from({ length: 40 }, (_, j) => (i * 31 + j * 7) % 256)).toString("latin1");
  switch (k) {
    case 0:
      return { bytes: "GET //[ HTTP/1.1\r\nHost: x\r\n\r\n" };
    case 1:
      return { bytes: `GET http://[${i} HTTP/1.1\r\nHost: x\r\n\r\n` };
    case 2:
      return { bytes: `${junk}\r\n\r\n` };
    case 3:
      return { bytes: "GET /healthz HTTP/1.1\r\nno colon here\r\n\r\n" };
    case 4:
      return { bytes: `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"h".repeat(40_000 + i)}\r\n\r\n` };
    case 5:
      return { bytes: `POST /slack/events HTTP/1.1\r\nHost: x\r\ncontent-length: -${i}\r\n\r\n` };
    case 6:
      return { bytes: "POST /telegram/hook HTTP/1.1\r\nHost: x\r\ncontent-length: 12abc\r\n\r\n" };
    case 7:
      return { bytes: "POST /slack/events HTTP/1.1\r\nHost: x\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n" };
    case 8:
      return {
        bytes: `POST /slack/events HTTP/1.1\r\nHost: x\r\ntransfer-encoding: chunked\r\nx-slack-request-timestamp: ${now}\r\nx-slack-signature: v0=${"0".repeat(64)}\r\n\r\nzz${i}\r\n${junk}\r\n`,
      };
    case 9:
      return { bytes: `POST /telegram/hook HTTP/1.1\r\nHost: x\r\nx-telegram-bot-api-secret-token: ${TG_SECRET}\r\ncontent-length: 500\r\n\r\n{"update_id":`, endAfter: true };
    case 10:
      return { bytes: `POST /slack/events HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 13\r\n\r\n{"type":"x"}\n` };
    case 11:
      return { bytes: signed("null") };
    case 12:
      return { bytes: signed(i % 2 ? "payload=null" : "payload=%5B%5D", "application/x-www-form-urlencoded") };
    case 13:
      return { bytes: signed(`{"type":"event_callback","event":${junk.replace(/[^\x20-\x7e]/g, "")}`) };
    case 14:
      return { bytes: signed(`{"type":"event_callback"}`).replace(/v0=[0-9a-f]{8}/, "v0=deadbeef") };
    case 15:
      return { bytes: signed(`{"type":"event_callback","i":${i}}`, "application/json", now + 600) };
    case 16:
      return { bytes: `POST /slack/events HTTP/1.1\r\nHost: x\r\ncontent-type: text/xml\r\ncontent-length: 8\r\n\r\n<x>${i % 10}</x>` };
    case 17:
      return { bytes: hook(`{"update_id":${i}}`, "wrong-secret") };
    case 18:
      return { bytes: hook(i % 2 ? "null" : `{"update_id":"${i}",`) };
    default:
      return { bytes: `POST /telegram/hook HTTP/1.1\r\nHost: x\r\nx-telegram-bot-api-secret-token: ${TG_SECRET}\r\ncontent-length: 64000000\r\n\r\n{` };
  }
}

let index: IndexEnv;
let tg: TelegramApiStandin;
let slack: SlackApiStandIn;
let bot: Replica;

beforeAll(async () => {
  index = await planIndexEnv("hnsw");
  tg = await TelegramApiStandin.start({ token: TG_TOKEN });
  slack = await new SlackApiStandIn().start();
}, 120_000);
afterAll(async () => {
  bot?.kill();
  await tg?.close();
  await slack?.close();
  await index?.remove();
});

describe("npm start under 1,000 malformed requests", () => {
  it("survives them all (4xx or a closed connection, never a 5xx) and answers real questions meanwhile", async () => {
    const port = await freePort();
    bot = await startReplica(
      {
        ...index.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        TELEGRAM_BOT_TOKEN: TG_TOKEN,
        TELEGRAM_API_ROOT: tg.apiRoot,
        TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`,
        TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
        SLACK_BOT_TOKEN: "xoxb-fuzz-not-a-real-token",
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_API_URL: slack.apiUrl,
        RATE_LIMIT_PER_MINUTE: "0",
      },
      { npm: true },
    );
    await ready(bot, 60_000);
    const sender = new SlackSender(`http://127.0.0.1:${port}/slack/events`, SLACK_SECRET);

    const statuses = new Map<number, number>();
    const questions: Promise<void>[] = [];
    const asked: Message[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < TOTAL; i = next++) {
        const { bytes, endAfter } = malformed(i % 20, i);
        const status = await rawRequest(port, bytes, { endAfter, timeoutMs: 5_000 });
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        // Every 100 requests, a real question on each platform.
        if (i % 100 === 0) {
          const u = { id: 80_000 + i, is_bot: false as const, first_name: "Real" };
          questions.push(tg.userSays({ chat: { id: u.id, type: "private", first_name: "Real" }, from: u, text: "How many innovation clusters will Beijing create?" }).then((m) => void asked.push(m)));
          questions.push(
            sender
              .event({
                type: "app_mention",
                user: "UREAL",
                text: `<@${BOT_USER_ID}> Which district will host the banking and insurance technology cluster?`,
                ts: `${1_700_000_000 + i}.000100`,
                channel: "CGENERAL",
              })
              .then((r) => expect(r.status).toBe(200)),
          );
        }
      }
    };
    await Promise.all(Array.from({ length: SOCKETS }, worker));
    await Promise.all(questions);

    console.log(`malformed requests by status: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(bot.child.exitCode).toBeNull();
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(TOTAL);
    for (const status of statuses.keys()) expect(status === 0 || (status >= 400 && status < 500), `status ${status}`).toBe(true);
    expect((await bot.healthz())?.status).toBe(200);

    // The real questions got real answers on both platforms.
    for (const m of asked) {
      await tg.waitFor((c) => c.method === "sendMessage" && Number(c.params.chat_id) === m.chat.id && c.params.reply_markup !== undefined, "a Telegram answer", 20_000);
    }
    await waitUntil(() => slack.callsOf("chat.postMessage").filter((c) => JSON.stringify(c.params).includes("Shijingshan")).length >= 10 || undefined, 20_000, "10 Slack answers");
    expect(asked).toHaveLength(10);
    const errors = bot.logs().filter((l) => l.level === "error" || l.level === "fatal");
    expect(errors).toEqual([]);
  }, 90_000);
});
