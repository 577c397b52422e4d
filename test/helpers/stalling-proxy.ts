// An HTTP proxy on 127.0.0.1 between the bot and a platform stand-in, for faults the stand-ins
// cannot make: a request that is accepted and never answered (a server that stops answering in
// the middle of a reply), or one held until the test releases it (an answer "in flight").
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Match = (path: string, body: string) => boolean;

export class StallingProxy {
  /** Requests stalled or held so far. */
  caught = 0;
  private rule?: { match: Match; release?: Promise<void> };
  private readonly held = new Set<http.ServerResponse>();
  private readonly server = http.createServer((req, res) => void this.forward(req, res));

  private constructor(private readonly target: string) {}

  /** `target`: the stand-in's base URL; a request for /x goes to target + /x. */
  static async start(target: string): Promise<StallingProxy> {
    const p = new StallingProxy(target.replace(/\/+$/, ""));
    await new Promise<void>((r) => p.server.listen(0, "127.0.0.1", r));
    return p;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next matching request is accepted and never answered. */
  stallNext(match: Match): void {
    this.rule = { match };
  }

  /** The next matching request is forwarded once the returned function is called. */
  holdNext(match: Match): () => void {
    let release!: () => void;
    this.rule = { match, release: new Promise<void>((r) => (release = r)) };
    return () => release();
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    await new Promise<void>((r) => {
      this.server.close(() => r());
      this.server.closeAllConnections();
    });
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const rule = this.rule;
    if (rule?.match(req.url ?? "", body.toString("utf8"))) {
      this.rule = undefined;
      this.caught++;
      if (!rule.release) {
        this.held.add(res); // accepted, never answered
        res.on("close", () => this.held.delete(res));
        return;
      }
      await rule.release;
    }
    const ac = new AbortController();
    res.on("close", () => ac.abort()); // the client gave up (e.g. a long poll it aborted)
    try {
      const headers: Record<string, string> = {};
      for (const k of ["content-type", "authorization"]) if (req.headers[k]) headers[k] = String(req.headers[k]);
      const upstream = await fetch(this.target + (req.url ?? "/"), {
        method: req.method,
        headers,
        body: req.method === "POST" ? body : undefined,
        signal: ac.signal,
      });
      const out: Record<string, string> = { "content-type": upstream.headers.get("content-type") ?? "application/json" };
      const retryAfter = upstream.headers.get("retry-after");
      if (retryAfter) out["retry-after"] = retryAfter;
      const text = Buffer.from(await upstream.arrayBuffer());
      if (!res.destroyed) res.writeHead(upstream.status, out).end(text);
    } catch {
      if (!res.destroyed) res.destroy();
    }
  }
}
