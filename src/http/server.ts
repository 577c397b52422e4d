// One HTTP server on PORT shared by everything that needs a URL: the Telegram webhook,
// Slack's Events API, and health checks. Channels register routes; nobody opens a second port.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

interface Route {
  method?: string;
  path: string;
  /** Matches `path` and anything under it when true. */
  prefix: boolean;
  handler: RouteHandler;
}

export class HttpServer {
  private readonly routes: Route[] = [];
  private server?: http.Server;
  private fallback?: RouteHandler;

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
    const server = http.createServer((req, res) => void this.dispatch(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE") throw new Error(`port ${port} is already in use: stop what uses it, or set PORT to a free port`);
      if (err.code === "EACCES") throw new Error(`no permission to listen on port ${port}: set PORT to a port above 1023`);
      throw err;
    });
    // A request that never finishes sending its headers or body must not hold a socket forever.
    server.headersTimeout = 20_000;
    server.requestTimeout = 30_000;
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
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    const route = this.routes.find(
      (r) =>
        (!r.method || r.method === req.method) &&
        (r.prefix ? pathname === r.path || pathname.startsWith(r.path.replace(/\/?$/, "/")) : pathname === r.path),
    );
    const handler = route?.handler ?? this.fallback;
    if (!handler) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    try {
      await handler(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      if (!res.writableEnded) res.end("internal error\n");
    }
  }
}
