// A stand-in for Anthropic's Messages API on 127.0.0.1: POST /v1/messages, one JSON message or
// server-sent events (message_start … content_block_delta … message_stop) when the request says
// stream: true. Checks the x-api-key header when given a key. Records requests in the common
// shape (the system prompt as the first message, text blocks joined), so the prompt readers of
// llm-common.ts work on them.
import type http from "node:http";
import { piecesOf, ProviderStandIn, readBody, sleep, type Behaviour, type ChatMessage, type ChatRequest } from "./llm-common.js";

type Content = string | Array<{ type: string; text?: string }>;

export class AnthropicApiStandIn extends ProviderStandIn {
  /** When set, requests without `x-api-key: <apiKey>` get a 401 that echoes what was sent. */
  constructor(readonly apiKey?: string) {
    super();
  }

  /** LLM_BASE_URL for this stand-in (the SDK adds /v1/messages). */
  get baseUrl(): string {
    return this.origin;
  }

  protected async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => void res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    const error = (status: number, type: string, message: string, headers: Record<string, string> = {}) => json(status, { type: "error", error: { type, message } }, headers);
    if (req.method !== "POST" || url.pathname !== "/v1/messages") return error(404, "not_found_error", `no route ${req.method} ${url.pathname}`);
    if (this.apiKey !== undefined && req.headers["x-api-key"] !== this.apiKey) {
      return error(401, "authentication_error", `invalid x-api-key: ${String(req.headers["x-api-key"] ?? "(none)")}`);
    }
    const body = JSON.parse(raw || "{}") as { model?: string; system?: Content; messages?: Array<{ role: string; content: Content }>; stream?: boolean };
    const messages: ChatMessage[] = [...(body.system ? [{ role: "system", content: textOf(body.system) }] : []), ...(body.messages ?? []).map((m) => ({ role: m.role, content: textOf(m.content) }))];
    const b: Behaviour = this.takeBehaviour();
    const record: ChatRequest = { path: url.pathname, body: { ...body, messages }, headers: req.headers, streamed: false, at: Date.now() };
    this.chats.push(record);
    if ("hang" in b) return;
    if ("status" in b) {
      const type = b.status === 429 ? "rate_limit_error" : b.status >= 500 ? "api_error" : "invalid_request_error";
      return error(b.status, type, b.message ?? `injected HTTP ${b.status}`, b.retryAfter ? { "retry-after": b.retryAfter } : {});
    }
    const text = this.replyText(b, record);
    if (b.firstDelayMs) await sleep(b.firstDelayMs);
    const message = { id: "msg_standin", type: "message", role: "assistant", model: body.model, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } };
    if (!body.stream) {
      if (b.delayMs) await sleep(b.delayMs);
      return json(200, { ...message, content: [{ type: "text", text }], stop_reason: "end_turn" });
    }
    record.streamed = true;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const event = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
    res.write(event("message_start", { message: { ...message, content: [], stop_reason: null } }));
    res.write(event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }));
    for (const piece of piecesOf(text, b.pieces ?? 1)) {
      if (res.destroyed) return;
      if (b.delayMs) await sleep(b.delayMs);
      res.write(event("content_block_delta", { index: 0, delta: { type: "text_delta", text: piece } }));
    }
    res.write(event("content_block_stop", { index: 0 }));
    res.write(event("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 1 } }));
    res.end(event("message_stop", {}));
  }
}

function textOf(content: Content): string {
  return typeof content === "string" ? content : content.map((c) => c.text ?? "").join("");
}
