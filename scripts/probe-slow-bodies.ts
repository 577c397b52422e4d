// npx tsx scripts/probe-slow-bodies.ts [--sockets 100] [--mb 4] [--seconds 20] [--chunked]
// Memory of a planbot process (Slack over HTTP) while `--sockets` connections each send most of
// a `--mb` MB body to /slack/events slowly, with signature headers that look right (an attacker
// does not need the secret for that): peak RSS before vs during, and how the sockets ended.
// Starts src/main.ts as npm start does, with a 3-line Slack Web API stand-in for auth.test; the
// index is built from corpus/ into a temporary folder first.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs, str } from "../src/cli/args.js";

const { flags } = parseArgs(process.argv.slice(2), { booleans: ["chunked"], values: ["sockets", "mb", "seconds"] });
const SOCKETS = Number(str(flags, "sockets") ?? 100);
const BODY = Number(str(flags, "mb") ?? 4) * 1024 * 1024;
const SECONDS = Number(str(flags, "seconds") ?? 20);
const chunked = flags.chunked === true;

const slackApi = http.createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, user_id: "UPROBE", bot_id: "BPROBE", team_id: "TPROBE" })));
await new Promise<void>((r) => slackApi.listen(0, "127.0.0.1", r));
const dir = await mkdtemp(path.join(os.tmpdir(), "planbot-probe-"));
const port = 20_000 + Math.floor(Math.random() * 20_000);
const child = spawn(process.execPath, ["dist/main.mjs"], {
  env: {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    INDEX_DIR: path.join(dir, "index"),
    SLACK_BOT_TOKEN: "xoxb-probe-not-real",
    SLACK_SIGNING_SECRET: "probe-secret-not-real",
    SLACK_API_URL: `http://127.0.0.1:${(slackApi.address() as net.AddressInfo).port}/`,
    TELEGRAM_BOT_TOKEN: "",
    REDIS_URL: "",
  },
  stdio: ["ignore", "ignore", "pipe"],
});
let log = "";
child.stderr.on("data", (d) => (log += d));
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
for (let i = 0; !log.includes("planbot is running"); i++) {
  if (i > 600 || child.exitCode !== null) throw new Error(`planbot did not start: ${log}`);
  await new Promise((r) => setTimeout(r, 200));
}
await new Promise((r) => setTimeout(r, 1000));
const idle = rss();

const ts = Math.floor(Date.now() / 1000);
const head =
  `POST /slack/events HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n` +
  (chunked ? "transfer-encoding: chunked\r\n" : `content-length: ${BODY}\r\n`) +
  `x-slack-request-timestamp: ${ts}\r\nx-slack-signature: v0=${"0".repeat(64)}\r\n\r\n`;
const ends: Record<string, number> = {};
const started = Date.now();
const openFor: number[] = [];
const sockets = Array.from({ length: SOCKETS }, () => {
  const s = net.connect(port, "127.0.0.1");
  let status = "closed without a status";
  s.on("data", (d) => (status = /^HTTP\/1\.1 (\d{3})/.exec(d.toString("latin1"))?.[1] ?? status));
  s.on("error", () => undefined);
  s.on("close", () => {
    ends[status] = (ends[status] ?? 0) + 1;
    openFor.push(Date.now() - started);
  });
  s.write(head);
  return s;
});
// Most of the body (97.5 %), spread over the time given, in 64 KB pieces.
const piece = Buffer.alloc(64 * 1024, "a");
const pieces = Math.floor((BODY * 0.975) / piece.length);
let peak = idle;
for (let p = 0; p < pieces; p++) {
  for (const s of sockets) {
    if (s.destroyed) continue;
    s.write(chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]) : piece);
  }
  peak = Math.max(peak, rss());
  await new Promise((r) => setTimeout(r, (SECONDS * 1000) / pieces));
}
for (let i = 0; i < 20; i++) {
  peak = Math.max(peak, rss());
  await new Promise((r) => setTimeout(r, 100));
}
const stillOpen = sockets.filter((s) => !s.destroyed).length;
for (const s of sockets) s.destroy();
const alive = child.exitCode === null;
child.kill("SIGTERM");
slackApi.close();
await rm(dir, { recursive: true, force: true });
openFor.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    sockets: SOCKETS,
    bodyMB: BODY / 1024 / 1024,
    chunked,
    idleRssMB: Math.round(idle),
    peakRssMB: Math.round(peak),
    socketsEnded: ends,
    stillOpenAtEnd: stillOpen,
    medianClosedAfterMs: openFor[Math.floor(openFor.length / 2)] ?? null,
    planbotAlive: alive,
  }),
);
process.exit(0);
