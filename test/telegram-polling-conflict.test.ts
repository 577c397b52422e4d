// Two processes long-polling one bot, without Redis: Telegram answers the older getUpdates with
// 409 Conflict ("terminated by other getUpdates request"; the stand-in does the same). telegraf
// 4.16.3 ends its polling loop on it and rejects launch(); planbot used to launch again, and the
// two pollers then took turns cutting each other off. Now the one that got the 409 says why
// and stops; the newcomer keeps polling and answering.
import { afterAll, beforeAll, expect, test } from "vitest";
import { fakeQa } from "./helpers/fake-qa.js";
import { answerTo, privateChat, startTelegram, TOKEN, type Harness } from "./helpers/telegram-harness.js";

let first: Harness;
let second: Harness | undefined;

beforeAll(async () => {
  first = await startTelegram({ qa: fakeQa() });
  await first.api.waitFor((c) => c.method === "getUpdates", "the first poller");
});

afterAll(async () => {
  await second?.close();
  await first?.close();
});

test("the older poller stops with a clear message on 409 Conflict; the newer one answers", async () => {
  const api = first.api;
  const before = api.calls.length;
  second = await startTelegram({ qa: fakeQa(), api });
  await api.waitFor((c) => c.method === "getUpdates" && c.status === 409, "the first poller's 409");
  const line = await waitForLine(first.logs, "409 Conflict");
  const parsed = JSON.parse(line) as { level: string; msg: string };
  expect(parsed.level).toBe("error");
  expect(parsed.msg).toContain("another replica is already polling this bot");
  expect(parsed.msg).toContain("webhook mode (set TELEGRAM_WEBHOOK_URL)");
  expect(parsed.msg).toContain("Polling stops here");

  // The first one does not come back: one launch (deleteWebhook) each, no more.
  await new Promise((r) => setTimeout(r, 1_000)); // its restart pause would be 200 ms
  expect(api.calls.slice(before).filter((c) => c.method === "deleteWebhook")).toHaveLength(1);
  expect(first.logs.some((l) => l.includes("restarting"))).toBe(false);

  const u = { id: 5501, is_bot: false as const, first_name: "Conflict" };
  const m = await api.userSays({ chat: privateChat(u), from: u, text: "How many fintech companies by 2022?" });
  await answerTo(api, m);
  expect(api.calls.filter((c) => c.method === "getUpdates" && c.status === 409)).toHaveLength(1);
  for (const l of [...first.logs, ...second.logs]) expect(l).not.toContain(TOKEN.split(":")[1]!);
});

async function waitForLine(lines: string[], part: string, timeoutMs = 5_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const line = lines.find((l) => l.includes(part));
    if (line) return line;
    if (Date.now() > end) throw new Error(`no log line with "${part}" within ${timeoutMs} ms: ${lines.slice(-5).join("\n")}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
