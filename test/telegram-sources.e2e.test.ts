// /sources past a page of documents (20,001 files with long names): Telegram refuses a message
// over 4096 characters, so the list shows one page with a count and the reply is split to fit.
import { afterAll, beforeAll, expect, test } from "vitest";
import { SOURCES_PAGE } from "../src/channels/telegram/texts.js";
import { fakeQa } from "./helpers/fake-qa.js";
import { alice, privateChat, repliesSoFar, shown, startTelegram, type Harness } from "./helpers/telegram-harness.js";

const FILES = 20_001;
// Long paths, so that even one page is longer than a message.
const sources = Array.from({ length: FILES }, (_, i) => `reports/${"quarterly-board-minutes-".repeat(6)}${String(i).padStart(5, "0")}.md`);

let h: Harness;
beforeAll(async () => {
  h = await startTelegram({ qa: { ...fakeQa(), sources: () => sources } });
});
afterAll(() => h.close());

test("/sources with 20,001 documents: one page and a count, in messages Telegram accepts", async () => {
  const msg = await h.api.userSays({ chat: privateChat(alice), from: alice, text: "/sources" });
  const last = `… and ${(FILES - SOURCES_PAGE).toLocaleString("en-US")} more`;
  await h.api.waitFor((c) => repliesSoFar(h.api, msg).includes(c) && String(c.params.text).includes(last), "the last part of /sources");
  const parts = repliesSoFar(h.api, msg);
  expect(parts.length).toBeGreaterThan(1);
  for (const p of parts) expect(p.status).toBe(200); // no "message is too long"
  const text = shown(parts);
  expect(text).toContain(`Documents I can quote (20,001)`);
  for (const s of sources.slice(0, SOURCES_PAGE)) expect(text).toContain(`• ${s}`);
  expect(text).not.toContain(sources[SOURCES_PAGE]!);
  expect(text.endsWith(last)).toBe(true);
  expect(h.api.calls.filter((c) => c.method === "sendMessage" && c.status !== 200)).toEqual([]);
});
