// A bolt Receiver that serves Slack's HTTP requests from planbot's one shared HTTP server instead
// of opening its own port. Parsing, signature checks (401 on a bad signature or a timestamp more
// than 5 minutes old), url_verification and acks all stay bolt's: requests are handed to
// HTTPReceiver.requestListener, and HTTPReceiver.start() (which would listen) is never called.
import { HTTPReceiver, type App, type Logger as BoltLogger, type Receiver } from "@slack/bolt";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpServer } from "../../http/server.js";

/** Bolt's default path for Events API, slash commands and interactivity. */
export const SLACK_EVENTS_PATH = "/slack/events";

export interface SharedHttpReceiverOptions {
  http: HttpServer;
  signingSecret: string;
  logger: BoltLogger;
  path?: string;
}

export class SharedHttpReceiver implements Receiver {
  private readonly bolt: HTTPReceiver;
  private receiving = false;

  constructor(opts: SharedHttpReceiverOptions) {
    const path = opts.path ?? SLACK_EVENTS_PATH;
    this.bolt = new HTTPReceiver({ signingSecret: opts.signingSecret, endpoints: [path], logger: opts.logger });
    opts.http.route(path, (req, res) => this.handle(req, res), { method: "POST" });
  }

  init(app: App): void {
    this.bolt.init(app);
  }

  async start(): Promise<void> {
    this.receiving = true;
  }

  /** Stops intake: Slack gets a 503 and retries later (against the next instance). */
  async stop(): Promise<void> {
    this.receiving = false;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (!this.receiving) {
      res.writeHead(503, { "retry-after": "5" }).end();
      return;
    }
    this.bolt.requestListener(req, res);
  }
}
