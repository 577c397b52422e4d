// GET /healthz and GET /metrics on the shared HTTP server (/metrics optionally on METRICS_PORT,
// and behind METRICS_TOKEN as a bearer token).
// /healthz: 503 {"status":"starting","reason"} until the index is open and the channels have
// started, then 200 {"status":"ok", documents, chunks, model, …} as long as every required
// dependency answers (Redis, when REDIS_URL is set), else 503 {"status":"not_ready","reason"};
// 503 {"status":"stopping"} once shutdown begins. A load balancer so sends questions only to a
// replica that can answer them, and stops before the process goes away.
import { timingSafeEqual } from "node:crypto";
import type { ServerResponse } from "node:http";
import { HttpError } from "../http/http-error.js";
import type { HttpServer } from "../http/server.js";
import { collectDefaultMetrics } from "prom-client";
import { PROMETHEUS_CONTENT_TYPE, type Registry } from "./metrics.js";

export interface ReadyInfo {
  documents: number;
  chunks: number;
  /** The embedding model the index was built with (and the one loaded). */
  model: string;
  /** When the loaded index was built (ISO time). */
  indexBuiltAt?: string;
  /** The index version served (a folder name, or the Postgres version number). */
  indexVersion?: string;
  /** Index versions swapped in since start. */
  indexReloads?: number;
  /** The chat model, when answers are generated. */
  llm?: string;
}

export type HealthStatus = { status: "starting"; reason: string } | ({ status: "ok" } & ReadyInfo) | { status: "stopping" };

/** Longest wait for a dependency's answer: /healthz must answer quickly itself. */
const PROBE_TIMEOUT_MS = 2_000;

export class Health {
  private state: HealthStatus = { status: "starting", reason: "loading the index" };
  private readonly startedAt = Date.now();
  private readonly probes: { name: string; probe: () => Promise<void> }[] = [];
  private readonly listeners: Array<() => void> = [];

  /** Still starting; `reason` says what is being waited for. */
  starting(reason: string): void {
    this.state = { status: "starting", reason };
  }

  /** A dependency that must answer for /healthz to say ok; asked at each request once ready. */
  require(name: string, probe: () => Promise<void>): void {
    this.probes.push({ name, probe });
  }

  ready(info: ReadyInfo): void {
    this.state = { status: "ok", ...info };
    for (const listener of this.listeners) listener();
  }

  /** Called when ready, and at each index swap. */
  onIndexChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** A new index version is served (live reload); ignored unless ready. */
  indexChanged(info: Pick<ReadyInfo, "documents" | "chunks" | "indexBuiltAt" | "indexVersion" | "indexReloads">): void {
    if (this.state.status === "ok") this.state = { ...this.state, ...info };
    for (const listener of this.listeners) listener();
  }

  stopping(): void {
    this.state = { status: "stopping" };
  }

  get status(): HealthStatus["status"] {
    return this.state.status;
  }

  /** What was loaded, once ready. */
  get info(): ReadyInfo | undefined {
    return this.state.status === "ok" ? this.state : undefined;
  }

  /** The HTTP status and body /healthz answers with now. */
  async report(): Promise<{ code: number; body: Record<string, unknown> }> {
    const uptimeS = () => Math.round((Date.now() - this.startedAt) / 1000);
    if (this.state.status !== "ok") return { code: 503, body: { ...this.state, uptimeS: uptimeS() } };
    for (const { name, probe } of this.probes) {
      const failure = await answers(probe);
      if (failure !== undefined) return { code: 503, body: { status: "not_ready", reason: `${name}: ${failure}`, uptimeS: uptimeS() } };
    }
    return { code: 200, body: { ...this.state, uptimeS: uptimeS() } };
  }
}

export const HEALTH_PATH = "/healthz";
export const METRICS_PATH = "/metrics";

/** Undefined when the probe answered in time; otherwise why not. */
async function answers(probe: () => Promise<void>): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([probe(), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS)))]);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    clearTimeout(timer);
  }
}

/** Registers /healthz and /metrics (on `metricsHttp` when /metrics has a port of its own). */
export function mountOps(http: HttpServer, health: Health, registry: Registry, opts: { metricsHttp?: HttpServer; metricsToken?: string } = {}): void {
  http.route(HEALTH_PATH, async (req, res) => {
    if (!allowRead(req.method, res)) return;
    const { code, body } = await health.report();
    const text = JSON.stringify(body) + "\n";
    res.writeHead(code, { "content-type": "application/json", "cache-control": "no-store", ...(code === 503 ? { "retry-after": "5" } : {}) });
    res.end(req.method === "HEAD" ? undefined : text);
  });
  (opts.metricsHttp ?? http).route(METRICS_PATH, async (req, res) => {
    if (!allowRead(req.method, res)) return;
    if (opts.metricsToken !== undefined && !bearerIs(req.headers.authorization, opts.metricsToken)) {
      throw new HttpError(401, "unauthorized", { "www-authenticate": 'Bearer realm="metrics"' });
    }
    const text = await registry.render();
    res.writeHead(200, { "content-type": PROMETHEUS_CONTENT_TYPE, "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : text);
  });
}

/** Whether an Authorization header carries exactly this bearer token (compared in constant time). */
function bearerIs(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? "")?.[1] ?? "");
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function allowRead(method: string | undefined, res: ServerResponse): boolean {
  if (method === "GET" || method === "HEAD") return true;
  res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("method not allowed\n");
  return false;
}

/**
 * prom-client's default Node.js metrics (process_start_time_seconds, process_resident_memory_bytes,
 * CPU, event loop lag, GC, heap spaces, handles), plus the heap gauge and readiness of planbot.
 */
export function registerProcessMetrics(registry: Registry, health: Health): void {
  collectDefaultMetrics({ register: registry });
  registry.gaugeOf("nodejs_heap_used_bytes", "V8 heap in use, in bytes.", () => process.memoryUsage().heapUsed);
  registry.gaugeOf("planbot_ready", "1 when the index and model are loaded and questions are answered, else 0.", () => (health.status === "ok" ? 1 : 0));
  registry.gaugeOf("planbot_index_documents", "Documents in the loaded index.", () => health.info?.documents ?? 0);
  registry.gaugeOf("planbot_index_chunks", "Chunks in the loaded index.", () => health.info?.chunks ?? 0);
  registry.gaugeOf("planbot_index_reloads", "Index versions swapped in since start (live reload).", () => health.info?.indexReloads ?? 0);
  const version = registry.gauge("planbot_index_version_info", "The index version served: 1 for the version label now answering questions.", ["version"]);
  health.onIndexChange(() => {
    version.reset();
    if (health.info?.indexVersion) version.set({ version: health.info.indexVersion }, 1);
  });
}
