// What keeps an upload's download safe: only the platform's file host (a crafted URL or a
// redirect elsewhere is refused before the token is sent), never past the size limit, no URL
// (which can hold a token) in an error. And the Slack words for the document commands.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadCapped, DownloadTooLargeError, sameOrigin } from "../src/channels/core/download.js";
import { slackRequest } from "../src/channels/slack/asker.js";
import { onSlackFileHost } from "../src/channels/slack/upload.js";
import { slackTexts } from "../src/channels/slack/texts.js";
import { telegramTexts } from "../src/channels/telegram/texts.js";

describe("downloadCapped", () => {
  const seen: Array<{ path: string; auth?: string }> = [];
  let server: http.Server;
  let origin = "";
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ path: req.url ?? "", auth: req.headers.authorization });
      if (req.url === "/big") return void res.end(Buffer.alloc(300_000, 1));
      if (req.url === "/away") return void res.writeHead(302, { location: "http://127.0.0.2:9/steal" }).end();
      if (req.url === "/hop") return void res.writeHead(302, { location: "/small" }).end();
      if (req.url === "/small") return void res.end("hello");
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const allowed = (u: URL) => sameOrigin(u, origin);

  it("follows a redirect on the same host, with the header", async () => {
    const bytes = await downloadCapped(`${origin}/hop`, { maxBytes: 100, allowed, headers: { authorization: "Bearer xoxb-secret" } });
    expect(bytes.toString()).toBe("hello");
    expect(seen.filter((s) => s.path === "/small").at(-1)?.auth).toBe("Bearer xoxb-secret");
  });

  it("refuses a redirect to another host without fetching it", async () => {
    const err = await downloadCapped(`${origin}/away`, { maxBytes: 100, allowed }).catch((e: Error) => e);
    expect(String(err)).toContain("refused to download from http://127.0.0.2:9");
    expect(String(err)).not.toContain("steal");
  });

  it("refuses a URL off the platform's host before any request", async () => {
    const before = seen.length;
    await expect(downloadCapped("http://127.0.0.1:1/bot123:SECRET/x", { maxBytes: 100, allowed })).rejects.toThrow(/refused to download/);
    expect(seen.length).toBe(before);
  });

  it("stops reading past the limit", async () => {
    const err = await downloadCapped(`${origin}/big`, { maxBytes: 100_000, allowed }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadTooLargeError);
    expect((err as DownloadTooLargeError).receivedBytes).toBeGreaterThan(100_000);
  });

  it("names the HTTP status, not the URL, when the download fails", async () => {
    const err = await downloadCapped(`${origin}/bot123:SECRET/missing`, { maxBytes: 100, allowed }).catch((e: Error) => e);
    expect(String(err)).toContain("HTTP 404");
    expect(String(err)).not.toContain("SECRET");
  });
});

describe("Slack file host", () => {
  it("accepts the API host and its files. host only, same scheme and port", () => {
    const api = "https://slack.com/api/";
    expect(onSlackFileHost(new URL("https://files.slack.com/files-pri/T1-F1/download/a.pdf"), api)).toBe(true);
    expect(onSlackFileHost(new URL("https://slack.com/files-pri/T1-F1/a.pdf"), api)).toBe(true);
    expect(onSlackFileHost(new URL("http://files.slack.com/files-pri/T1-F1/a.pdf"), api)).toBe(false);
    expect(onSlackFileHost(new URL("https://files.slack.com.evil.example/a.pdf"), api)).toBe(false);
    expect(onSlackFileHost(new URL("https://evil.example/files.slack.com/a.pdf"), api)).toBe(false);
    expect(onSlackFileHost(new URL("https://files.slack.com:8443/a.pdf"), api)).toBe(false);
    expect(onSlackFileHost(new URL("http://127.0.0.1:4000/files-pri/x"), "http://127.0.0.1:4000/api/")).toBe(true);
    expect(onSlackFileHost(new URL("http://127.0.0.1:4001/files-pri/x"), "http://127.0.0.1:4000/api/")).toBe(false);
  });
});

describe("Slack words for the document commands", () => {
  const req = (text: string) => slackRequest({ user: "U1", channel: "D1", text });
  it("reads sources, reindex and remove NAME as commands, questions as questions", () => {
    expect(req("sources")).toMatchObject({ kind: "command", name: "sources" });
    expect(req("Reindex")).toMatchObject({ kind: "command", name: "reindex" });
    expect(req("remove plan annex.pdf")).toMatchObject({ kind: "command", name: "remove", args: "plan annex.pdf" });
    expect(req("remove")).toMatchObject({ kind: "command", name: "remove", args: "" });
    expect(req("remove the cap on fintech loans?")).toEqual({ kind: "question", text: "remove the cap on fintech loans?" });
    expect(req("which sources does the plan cite?")).toMatchObject({ kind: "question" });
  });
});

describe("document notices in English and Chinese", () => {
  const doc = { name: "plan-annex.pdf", bytes: 43_520, chunks: 42, addedAt: "2026-12-04T18:57:00.000Z" };
  it("lists documents with size, chunks and when added", () => {
    const [tg] = telegramTexts(() => "planbot").notice({ kind: "documents", documents: [doc], language: "en" });
    expect(tg!.html).toContain("<code>plan-annex.pdf</code> — 42.5 KB · 42 chunks · added 2026-12-04 18:57 UTC");
    const [zh] = telegramTexts(() => "planbot").notice({ kind: "documents", documents: [doc], language: "zh" });
    expect(zh!.html).toContain("42 个片段 · 添加于 2026-12-04 18:57 UTC");
    const [sl] = slackTexts.notice({ kind: "documents", documents: [doc], language: "en" });
    expect(JSON.stringify(sl)).toContain("`plan-annex.pdf` — 42.5 KB · 42 chunks");
  });

  it("pages a long list", () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ ...doc, name: `doc-${i}.md` }));
    const html = telegramTexts(() => "planbot")
      .notice({ kind: "documents", documents: many, language: "en" })
      .map((m) => m.html)
      .join("");
    expect(html).toContain("… and 70 more");
    expect(html).not.toContain("doc-50.md");
  });

  it("escapes what DocumentAdmin says and marks success or refusal", () => {
    const [ok] = telegramTexts(() => "planbot").notice({ kind: "document-result", ok: true, message: "added <b>.md: 1 chunk; ask away", language: "en" });
    expect(ok!.html).toBe("✅ added &lt;b&gt;.md: 1 chunk; ask away");
    const [no] = slackTexts.notice({ kind: "document-result", ok: false, message: "Only the bot's admins can add a document.", language: "zh" });
    expect(JSON.stringify(no)).toContain("⚠️ 未执行：Only the bot's admins can add a document.");
  });
});
