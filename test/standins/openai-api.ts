// A stand-in for an OpenAI-compatible API on 127.0.0.1: POST /v1/chat/completions (JSON, or
// server-sent events when the request says stream: true) and POST /v1/embeddings (hashed
// bag-of-words vectors, so retrieval still works). Checks the bearer key when given one.
import type http from "node:http";
import { hashEmbed, piecesOf, ProviderStandIn, readBody, sleep, type Behaviour, type ChatRequest } from "./llm-common.js";

export class OpenAiApiStandIn extends ProviderStandIn {
  /** When set, requests without `Authorization: Bearer <apiKey>` get a 401 that echoes what was sent. */
  constructor(readonly apiKey?: string) {
    super();
  }

  /** OPENAI_BASE_URL for this stand-in. */
  get baseUrl(): string {
    return `${this.origin}/v1`;
  }

  protected async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => void res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    if (req.method !== "POST") return json(405, { error: { message: "method not allowed" } });
    if (this.apiKey !== undefined && req.headers.authorization !== `Bearer ${this.apiKey}`) {
      // Like some servers, the error repeats the key it was given: clients must not log it.
      return json(401, { error: { message: `Incorrect API key provided: ${req.headers.authorization ?? "(none)"}`, type: "invalid_request_error" } });
    }
    const body = JSON.parse(raw || "{}");

    if (url.pathname === "/v1/embeddings") {
      const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
      this.embeds.push({ path: url.pathname, model: body.model, inputs, headers: req.headers });
      const fail = this.embedFailures.shift();
      if (fail) return json(fail.status, { error: { message: `injected HTTP ${fail.status}` } }, fail.retryAfter ? { "retry-after": fail.retryAfter } : {});
      if (this.embedDelayMs) await sleep(this.embedDelayMs);
      return json(200, {
        object: "list",
        model: body.model,
        data: inputs.map((t, index) => ({ object: "embedding", index, embedding: hashEmbed(t, this.dims) })),
        usage: { prompt_tokens: 1, total_tokens: 1 },
      });
    }
    if (url.pathname !== "/v1/chat/completions") return json(404, { error: { message: `no route ${url.pathname}` } });

    const b: Behaviour = this.takeBehaviour();
    const record: ChatRequest = { path: url.pathname, body, headers: req.headers, streamed: false, at: Date.now() };
    this.chats.push(record);
    if ("hang" in b) return; // the client's deadline ends it
    if ("status" in b) {
      return json(b.status, { error: { message: b.message ?? `injected HTTP ${b.status}`, type: "server_error" } }, b.retryAfter ? { "retry-after": b.retryAfter } : {});
    }
    const text = this.replyText(b, record);
    if (b.firstDelayMs) await sleep(b.firstDelayMs);
    if (!body.stream) {
      if (b.delayMs) await sleep(b.delayMs);
      return json(200, {
        id: "chatcmpl-standin",
        object: "chat.completion",
        created: 1,
        model: body.model,
        choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
      });
    }
    record.streamed = true;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const event = (delta: Record<string, unknown>, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: "chatcmpl-standin", object: "chat.completion.chunk", created: 1, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    res.write(event({ role: "assistant", content: "" }));
    for (const piece of piecesOf(text, b.pieces ?? 1)) {
      if (res.destroyed) return;
      if (b.delayMs) await sleep(b.delayMs);
      res.write(event({ content: piece }));
    }
    res.write(event({}, "stop"));
    res.end("data: [DONE]\n\n");
  }
}
