// Shared by the model-provider stand-ins (openai-api.ts, ollama-api.ts): what a test can make
// the next chat request do, a recorder, deterministic embeddings and prompt readers.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ChatMessage {
  role: string;
  content: string;
}

export interface ChatRequest {
  path: string;
  body: { model?: string; messages: ChatMessage[]; stream?: boolean; [k: string]: unknown };
  headers: http.IncomingHttpHeaders;
  /** Whether the stand-in answered as a stream. */
  streamed: boolean;
  at: number;
}

export interface EmbedRequest {
  path: string;
  model?: string;
  inputs: string[];
  headers: http.IncomingHttpHeaders;
}

/** What one chat request gets. */
export type Behaviour =
  /** A reply (text, or made from the request), streamed in `pieces` with `delayMs` between. */
  | { reply?: string | ((req: ChatRequest) => string); pieces?: number; delayMs?: number; firstDelayMs?: number }
  /** An HTTP error with a body (the OpenAI or Ollama error shape is the stand-in's business). */
  | { status: number; message?: string; retryAfter?: string }
  /** Never answers; the request stays open until the client gives up. */
  | { hang: true };

export type DefaultReply = (req: ChatRequest) => string;

/** The numbered passages in an answer prompt: number → text. */
export function passagesOf(req: ChatRequest): Map<number, string> {
  const user = req.body.messages
    .filter((m) => m.role === "user")
    .map((m) => m.content)
    .join("\n");
  const out = new Map<number, string>();
  const re = /^\[(\d+)\] \(from [^\n]*\)\n([\s\S]*?)(?=\n\n\[\d+\] \(from |\n\nQuestion: )/gm;
  for (const m of user.matchAll(re)) out.set(Number(m[1]), m[2]!);
  return out;
}

/** The question at the end of an answer prompt, or the latest question of a rewrite prompt. */
export function questionOf(req: ChatRequest): string {
  const user = req.body.messages
    .filter((m) => m.role === "user")
    .map((m) => m.content)
    .join("\n");
  return (/(?:^|\n)(?:Latest question|Question): (.*)/.exec(user)?.[1] ?? "").trim();
}

export function isRewriteRequest(req: ChatRequest): boolean {
  return req.body.messages.some((m) => m.role === "system" && /rewrite/i.test(m.content));
}

/**
 * The default model: repeats a follow-up unchanged; answers with the passage sentence that
 * shares most words with the question, cited as [n].
 */
export const echoModel: DefaultReply = (req) => {
  if (isRewriteRequest(req)) return questionOf(req);
  const q = new Set(words(questionOf(req)));
  let best: { n: number; sentence: string; score: number } | undefined;
  for (const [n, text] of passagesOf(req)) {
    for (const sentence of text.split(/(?<=[.!?])\s+/)) {
      const score = new Set(words(sentence).filter((w) => q.has(w))).size;
      if (!best || score > best.score) best = { n, sentence, score };
    }
  }
  if (!best || best.score === 0) return "The passages do not answer this question.";
  return `${best.sentence.trim().replace(/[.!?]$/, "")} [${best.n}].`;
};

/** The passage sentence holding `needle`, cited with its passage number: "<sentence> [n]." */
export function citeSentence(req: ChatRequest, needle: string): string {
  for (const [n, text] of passagesOf(req)) {
    const sentence = text.split(/(?<=[.!?])\s+/).find((s) => s.includes(needle));
    if (sentence) return `${sentence.trim().replace(/[.!?]$/, "")} [${n}].`;
  }
  throw new Error(`no passage holds "${needle}"`);
}

/** The number of the passage holding `needle`. */
export function passageWith(req: ChatRequest, needle: string): number {
  for (const [n, text] of passagesOf(req)) if (text.includes(needle)) return n;
  throw new Error(`no passage holds "${needle}"`);
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]{4,}/g) ?? [];
}

/** Deterministic unit vectors from hashed words: texts sharing words point the same way. */
export function hashEmbed(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const stem = w.length > 5 ? w.slice(0, 5) : w;
    let h = 2166136261;
    for (let i = 0; i < stem.length; i++) h = Math.imul(h ^ stem.charCodeAt(i), 16777619);
    v[(h >>> 0) % dims]! += (h & 1) === 0 ? 1 : -1;
  }
  const n = Math.hypot(...v) || 1;
  return v.map((x) => (x === 0 && n === 1 ? 1 / Math.sqrt(dims) : x / n));
}

/** Splits a reply into `n` pieces at spaces (a stream of deltas). */
export function piecesOf(text: string, n: number): string[] {
  if (n <= 1) return [text];
  const size = Math.ceil(text.length / n);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The common part of both stand-ins: an HTTP server on 127.0.0.1, queued behaviours, records. */
export abstract class ProviderStandIn {
  readonly chats: ChatRequest[] = [];
  readonly embeds: EmbedRequest[] = [];
  /** What a chat request gets when nothing is queued. */
  reply: DefaultReply = echoModel;
  /** Vector size of the embeddings. */
  dims = 64;
  /** Delay before every embeddings answer. */
  embedDelayMs = 0;
  private readonly queue: Behaviour[] = [];
  /** HTTP errors the next embeddings requests get, in order. */
  readonly embedFailures: Array<{ status: number; retryAfter?: string }> = [];
  protected readonly server = http.createServer((req, res) => void this.route(req, res).catch(() => res.destroy()));
  private port = 0;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Queues what the next chat requests get, in order. */
  next(...behaviours: Behaviour[]): this {
    this.queue.push(...behaviours);
    return this;
  }

  /** Chat requests that asked for an answer (not a follow-up rewrite). */
  get answerRequests(): ChatRequest[] {
    return this.chats.filter((c) => !isRewriteRequest(c));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  protected abstract route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;

  protected takeBehaviour(): Behaviour {
    return this.queue.shift() ?? {};
  }

  protected replyText(b: Behaviour & { reply?: unknown }, req: ChatRequest): string {
    const r = (b as { reply?: string | DefaultReply }).reply ?? this.reply;
    return typeof r === "function" ? r(req) : r;
  }
}
