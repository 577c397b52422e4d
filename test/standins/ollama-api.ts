// A stand-in for Ollama on 127.0.0.1: POST /api/chat (one JSON object per line when streaming,
// which is Ollama's default, or one JSON reply with stream: false) and POST /api/embed.
import type http from "node:http";
import { hashEmbed, piecesOf, ProviderStandIn, readBody, sleep, type Behaviour, type ChatRequest } from "./llm-common.js";

export class OllamaApiStandIn extends ProviderStandIn {
  /** OLLAMA_BASE_URL for this stand-in. */
  get baseUrl(): string {
    return this.origin;
  }

  protected async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const json = (status: number, body: unknown): void => void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const body = JSON.parse(raw || "{}");

    if (url.pathname === "/api/embed") {
      const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
      this.embeds.push({ path: url.pathname, model: body.model, inputs, headers: req.headers });
      if (this.embedDelayMs) await sleep(this.embedDelayMs);
      return json(200, { model: body.model, embeddings: inputs.map((t) => hashEmbed(t, this.dims)) });
    }
    if (url.pathname !== "/api/chat") return json(404, { error: `no route ${url.pathname}` });

    const b: Behaviour = this.takeBehaviour();
    const stream = body.stream !== false;
    const record: ChatRequest = { path: url.pathname, body, headers: req.headers, streamed: false, at: Date.now() };
    this.chats.push(record);
    if ("hang" in b) return;
    if ("status" in b) return json(b.status, { error: b.message ?? `injected HTTP ${b.status}` });
    const text = this.replyText(b, record);
    if (b.firstDelayMs) await sleep(b.firstDelayMs);
    const line = (content: string, done: boolean) => JSON.stringify({ model: body.model, created_at: new Date().toISOString(), message: { role: "assistant", content }, done }) + "\n";
    if (!stream) {
      if (b.delayMs) await sleep(b.delayMs);
      return json(200, JSON.parse(line(text, true)));
    }
    record.streamed = true;
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    for (const piece of piecesOf(text, b.pieces ?? 1)) {
      if (res.destroyed) return;
      if (b.delayMs) await sleep(b.delayMs);
      res.write(line(piece, false));
    }
    res.end(line("", true));
  }
}
