// One HTTP server on PORT shared by everything that needs a URL: the Telegram webhook,
// Slack's Events API, and health checks. Channels register routes; nobody opens a second port
// (except /metrics, when METRICS_PORT asks for its own).
//
// Anyone who can reach the port can send anything: a request that cannot be parsed gets a 400,
// and no handler's error ever leaves dispatch(), so one request can never stop the process.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { HttpError } from "./http-error.js";

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

interface Route {
  method?: string;
  path: string;
  /** Matches `path` and anything under it when true. */
  prefix: boolean;
  handler: RouteHandler;
}

/** Sockets open at once; beyond it new connections are closed at once (webhooks are retried). */
export const MAX_CONNECTIONS = 512;
/** A client must send its headers within this time, and the whole request within the next. */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 15_000;

export class HttpServer {
  private readonly routes: Route[] = [];
  private server?: http.Server;
  private fallback?: RouteHandler;
  /** Called with an error a handler threw after its response had begun (never the request's data). */
  onHandlerError?: (err: unknown) => void;

  /** Registers a handler for an exact path (or a path prefix). The first match wins. */
  route(path: string, handler: RouteHandler, opts: { method?: string; prefix?: boolean } = {}): void {
    this.routes.push({ path, handler, method: opts.method, prefix: opts.prefix ?? false });
  }

  get hasRoutes(): boolean {
    return this.routes.length > 0;
  }

  /**
   * What answers a path no route matches (default: 404). While planbot starts, main.ts answers
   * 503 here, so a webhook delivery that arrives before its route exists is retried later.
   */
  setFallback(handler: RouteHandler | undefined): void {
    this.fallback = handler;
  }

  get listening(): boolean {
    return this.server !== undefined;
  }

  async listen(port: number, host = "0.0.0.0"): Promise<number> {
    const server = http.createServer({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS }, (req, res) => void this.dispatch(req, res));
    server.maxConnections = MAX_CONNECTIONS;
    // What node's parser refuses (a bad request line, bad headers, a bad chunk): 400 (431 for
    // headers too large, 408 for too slow) and the socket closes. Never thrown.
    server.on("clientError", (err: NodeJS.ErrnoException, socket: Socket) => answerClientError(err, socket));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE") throw new Error(`port ${port} is already in use: stop what uses it, or set PORT to a free port`);
      if (err.code === "EACCES") throw new Error(`no permission to listen on port ${port}: set PORT to a port above 1023`);
      if (err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND") throw new Error(`cannot listen on ${host}: set HOST to an address of this machine (0.0.0.0 for all)`);
      throw err;
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  /**
   * Stops listening; requests in progress may finish for up to `graceMs`, then every
   * connection still open is closed.
   */
  async close(graceMs = 2_000): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      timer = setTimeout(() => server.closeAllConnections(), graceMs);
      timer.unref();
    });
    clearTimeout(timer);
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const handler = this.handlerFor(req);
      if (!handler) throw new HttpError(404, "not found");
      await handler(req, res);
    } catch (err) {
      if (!(err instanceof HttpError)) this.onHandlerError?.(err);
      answerError(res, err);
    }
  }

  private handlerFor(req: http.IncomingMessage): RouteHandler | undefined {
    const pathname = pathOf(req.url);
    const route = this.routes.find((r) => (!r.method || r.method === req.method) && (r.prefix ? pathname === r.path || pathname.startsWith(r.path.replace(/\/?$/, "/")) : pathname === r.path));
    return route?.handler ?? this.fallback;
  }
}

/** The request target's path; an HttpError(400) when it is not a URL (`//[`, `http://[`). */
function pathOf(target: string | undefined): string {
  try {
    return new URL(target ?? "/", "http://localhost").pathname;
  } catch {
    throw new HttpError(400, "bad request target");
  }
}

/** Answers with the error's status (500 for anything but an HttpError), unless a response has begun. */
function answerError(res: http.ServerResponse, err: unknown): void {
  const status = err instanceof HttpError ? err.status : 500;
  const text = err instanceof HttpError ? err.message : "internal error";
  try {
    if (!res.headersSent) {
      // A request body still arriving is not read: the connection closes after the answer.
      res.writeHead(status, { "content-type": "text/plain", connection: "close", ...headersOf(err) });
    }
    if (!res.writableEnded) res.end(`${text}\n`);
  } catch {
    res.destroy();
  }
}

function headersOf(err: unknown): Record<string, string> {
  return err instanceof HttpError ? err.headers : {};
}

const CLIENT_ERROR_STATUS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: "431 Request Header Fields Too Large",
  ERR_HTTP_REQUEST_TIMEOUT: "408 Request Timeout",
};

function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  // A socket that already closed (reset, or timed out and answered) takes nothing more.
  // (Nor does one whose response is being written: raw bytes would garble it.)
  const responding = (socket as Socket & { _httpMessage?: unknown })._httpMessage;
  if (err.code === "ECONNRESET" || !socket.writable || responding) return void socket.destroy();
  const status = CLIENT_ERROR_STATUS[err.code ?? ""] ?? "400 Bad Request";
  socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}
