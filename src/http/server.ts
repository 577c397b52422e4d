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

  /** Registers a handler for an exact path (or a path prefix). The first match wins. */
  route(path: string, handler: RouteHandler, opts: { method?: string; prefix?: boolean } = {}): void {
    this.routes.push({ path, handler, method: opts.method, prefix: opts.prefix ?? false });
  }

  get hasRoutes(): boolean {
    return this.routes.length > 0;
  }

  async listen(port: number, host = "0.0.0.0"): Promise<number> {
    const server = http.createServer((req, res) => void this.dispatch(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    const route = this.routes.find(
      (r) =>
        (!r.method || r.method === req.method) &&
        (r.prefix ? pathname === r.path || pathname.startsWith(r.path.replace(/\/?$/, "/")) : pathname === r.path),
    );
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    try {
      await route.handler(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal error\n");
    }
  }
}
