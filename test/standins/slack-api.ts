// A stand-in for Slack's Web API on 127.0.0.1: the methods planbot's Slack channel calls, a
// response_url sink, and a Socket Mode WebSocket. It records every call so tests can assert on
// what bolt actually sent, and can make the next call of a method fail (429 or 500).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export const BOT_USER_ID = "UPLANBOT";
export const BOT_ID = "BPLANBOT";
export const TEAM_ID = "TTEST";

export interface ApiCall {
  method: string;
  /** Form fields (or JSON body); `blocks` / `attachments` parsed from their JSON strings. */
  params: Record<string, unknown>;
  /** Token from the form or from `Authorization: Bearer`. */
  token?: string;
  status: number;
  /** What the stand-in answered (e.g. the `ts` of a posted message). */
  response?: Record<string, unknown>;
  at: number;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export type Failure = { status: 429; retryAfterSec?: number } | { status: 500 };

type Handler = (params: Record<string, unknown>) => Record<string, unknown>;

export class SlackApiStandIn {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  /** Messages the Socket Mode client sent back (acks carry `envelope_id`). */
  readonly socketMessages: Record<string, unknown>[] = [];
  private readonly failures = new Map<string, Failure[]>();
  private readonly sockets = new Set<WebSocket>();
  private readonly server = http.createServer((req, res) => void this.serve(req, res));
  private readonly wss = new WebSocketServer({ noServer: true });
  private ts = 1_700_000_000;
  private port = 0;

  private readonly methods: Record<string, Handler> = {
    "auth.test": () => ({ url: "https://test.slack.invalid/", team: "Test", user: "planbot", team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: BOT_ID }),
    "chat.postMessage": (p) => ({ channel: p.channel, ts: this.nextTs(), message: { text: p.text, bot_id: BOT_ID } }),
    "chat.postEphemeral": () => ({ message_ts: this.nextTs() }),
    "chat.update": (p) => ({ channel: p.channel, ts: p.ts, text: p.text }),
    "reactions.add": () => ({}),
    "apps.connections.open": () => ({ url: `ws://127.0.0.1:${this.port}/socket?ticket=test` }),
    "files.info": (p) => {
      const file = this.files.get(String(p.file));
      if (!file) throw new Error("file_not_found");
      return { file: this.fileRecord(String(p.file)) };
    },
    // The modal as Slack keeps it: an id, and the caller's view (trigger_id must come from an interaction).
    "views.open": (p) => {
      if (typeof p.trigger_id !== "string" || !p.trigger_id) throw new Error("invalid_trigger_id");
      return { view: { id: `V${this.nextTs().replace(".", "")}`, ...(p.view as Record<string, unknown>) } };
    },
    "users.info": (p) => ({ user: { id: p.user, ...(p.include_locale ? { locale: this.locales.get(String(p.user)) ?? "en-US" } : {}) } }),
  };
  /** Each user's client locale, for users.info (default en-US). */
  readonly locales = new Map<string, string>();
  /** Files users shared, by id: files.info describes them, /files-pri/ serves their bytes. */
  private readonly files = new Map<string, { name: string; bytes: Buffer }>();
  /** Every file download: the file id and the bearer token it came with. */
  readonly downloads: Array<{ id: string; token?: string }> = [];

  /** A file a user uploads; returns the file object a `file_share` message event carries. */
  addFile(name: string, bytes: Buffer): Record<string, unknown> {
    const id = `F${String(this.files.size + 1).padStart(8, "0")}`;
    this.files.set(id, { name, bytes });
    return this.fileRecord(id);
  }

  private fileRecord(id: string): Record<string, unknown> {
    const f = this.files.get(id)!;
    const url = `http://127.0.0.1:${this.port}/files-pri/${TEAM_ID}-${id}/download/${encodeURIComponent(f.name)}`;
    return { id, name: f.name, title: f.name, size: f.bytes.length, mimetype: "application/octet-stream", url_private: url, url_private_download: url };
  }

  async start(): Promise<this> {
    this.server.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith("/socket")) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The SLACK_API_URL for this stand-in. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A response_url whose posts land in `responses` under `id`. */
  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  /** Makes the next call of `method` fail once (queue several for several failures). */
  failNext(method: string, failure: Failure): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), failure]);
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200);
  }

  /** Sends a Socket Mode frame (e.g. an events_api envelope) to every connected client. */
  sendToSockets(frame: Record<string, unknown>): number {
    for (const ws of this.sockets) ws.send(JSON.stringify(frame));
    return this.sockets.size;
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on("close", () => this.sockets.delete(ws));
    ws.on("message", (data) => {
      try {
        this.socketMessages.push(JSON.parse(String(data)) as Record<string, unknown>);
      } catch {
        this.socketMessages.push({ unparsable: String(data) });
      }
    });
    // Slack's first frame; SocketModeClient.start() resolves on it.
    ws.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "ATEST" } }));
  }

  private nextTs(): string {
    this.ts += 1;
    return `${this.ts}.000100`;
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    };

    if (url.pathname.startsWith("/response/")) {
      this.responses.push({ id: url.pathname.slice("/response/".length), body: parseBody(req, raw), at: Date.now() });
      return reply(200, { ok: true });
    }
    const download = /^\/files-pri\/[A-Z0-9]+-(F\d+)\//.exec(url.pathname);
    if (download) {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      this.downloads.push({ id: download[1]!, token });
      const file = this.files.get(download[1]!);
      // Slack answers an unauthenticated download with its login page, not the file.
      if (!file || !token) return void res.writeHead(token ? 404 : 302, { location: "https://slack.com/signin" }).end();
      return void res.writeHead(200, { "content-type": "application/octet-stream" }).end(file.bytes);
    }
    if (!url.pathname.startsWith("/api/")) return reply(404, { ok: false, error: "not_found" });

    const method = url.pathname.slice("/api/".length);
    const params = parseBody(req, raw);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const token = typeof params.token === "string" ? params.token : bearer;
    const failure = this.failures.get(method)?.shift();
    const status = failure?.status ?? 200;
    const call: ApiCall = { method, params, token, status, at: Date.now() };
    this.calls.push(call);

    if (failure?.status === 429) {
      return reply(429, { ok: false, error: "ratelimited" }, { "retry-after": String(failure.retryAfterSec ?? 1) });
    }
    if (failure?.status === 500) return reply(500, { ok: false, error: "internal_error" });
    if (!token) return reply(200, { ok: false, error: "not_authed" });
    const handler = this.methods[method];
    if (!handler) return reply(200, { ok: false, error: "unknown_method" });
    try {
      call.response = { ok: true, ...handler(params) };
    } catch (err) {
      // A method's own error, as Slack answers it: HTTP 200, ok false.
      call.response = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    return reply(200, call.response);
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

// The WebClient sends form-encoded bodies with JSON-string fields; response_url posts are JSON.
function parseBody(req: http.IncomingMessage, raw: string): Record<string, unknown> {
  if (!raw) return {};
  if ((req.headers["content-type"] ?? "").includes("application/json")) {
    return JSON.parse(raw) as Record<string, unknown>;
  }
  const out: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
  for (const key of ["blocks", "attachments", "view"]) {
    if (typeof out[key] === "string") out[key] = JSON.parse(out[key] as string);
  }
  return out;
}

/** Polls `check` every 10 ms until it returns something truthy; throws after `timeoutMs`. */
export async function waitUntil<T>(check: () => T | undefined | false, timeoutMs = 5_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
