// Long polling confirms an update to Telegram (getUpdates with a higher offset) only once it is
// answered, without spinning while an answer takes its time, and confirms what was answered at
// stop. The real telegraf against the Bot API stand-in.
import { afterEach, expect, it } from "vitest";
import { REPOLL_MS } from "../src/channels/telegram/unanswered.js";
import { fakeQa } from "./helpers/fake-qa.js";
import { alice, answerTo, bob, privateChat, startTelegram, type Harness } from "./helpers/telegram-harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const polls = (from = 0) => h!.api.calls.slice(from).filter((c) => c.method === "getUpdates");

it("holds the offset below an update until it is answered, polls at most every REPOLL_MS meanwhile, and confirms at stop", async () => {
  const qa = fakeQa();
  h = await startTelegram({ qa, channel: { drainTimeoutMs: 5_000 } });
  await h.api.waitFor((c) => c.method === "getUpdates", "polling");
  const release = qa.hold(/slow/);
  const slow = await h.api.userSays({ chat: privateChat(alice), from: alice, text: "a slow question" });
  const quick = await h.api.userSays({ chat: privateChat(bob), from: bob, text: "a quick question" });
  await answerTo(h.api, quick); // other chats are not held up by the slow one
  const mark = h.api.calls.length;
  await new Promise((r) => setTimeout(r, 1_000));
  // The slow update (the stand-in's first, update_id 1) is not confirmed: every poll asks from it again…
  const held = polls(mark);
  expect(held.length).toBeGreaterThan(0);
  for (const p of held) expect(Number(p.params.offset)).toBeLessThanOrEqual(1);
  // …without spinning: about one poll per REPOLL_MS (each held poll returns at once with the slow update).
  expect(held.length).toBeLessThanOrEqual(Math.ceil(1_000 / REPOLL_MS) + 2);
  expect(qa.asked.filter((q) => q === "a slow question")).toHaveLength(1); // fetched again, not asked again
  release();
  await answerTo(h.api, slow);
  // Once answered, the next poll confirms it.
  await h.api.waitFor((c) => c.method === "getUpdates" && Number(c.params.offset) === 3, "the offset to move past both updates");
  await h.channel.stop();
  expect(Number(polls().at(-1)!.params.offset)).toBe(3);
  expect(qa.asked.filter((q) => q === "a slow question")).toHaveLength(1);
});
