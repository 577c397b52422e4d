// A bolt Receiver that serves Slack's HTTP requests from planbot's one shared HTTP server instead
// of opening its own port. Before bolt sees a request it is checked and read within limits
// (signed-request.ts: timestamp window both ways, 1 MB, 10 s, a bounded number of bodies read at
// once, signature, an object body), and a replayed command or interaction (the same signature:
// the same timestamp and body) is acknowledged and dropped, so a replayed /ask is not answered
// twice. Then parsing, url_verification and acks are bolt's: the body is handed to
// HTTPReceiver.requestListener already read (bolt uses `rawBody` when it is set), and
// HTTPReceiver.start() (which would listen) is never called.
import { HTTPReceiver, type App, type Logger as BoltLogger, type Receiver } from "@slack/bolt";
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError } from "../../errors.js";
import { BodyGate } from "../../http/read-body.js";
import type { HttpServer } from "../../http/server.js";
import type { Logger } from "../../log.js";
import type { SharedState } from "../../state/shared-state.js";
import { readSignedRequest, SLACK_TIMESTAMP_WINDOW_S } from "./signed-request.js";

/** Bolt's default path for Events API, slash commands and interactivity. */
export const SLACK_EVENTS_PATH = "/slack/events";

/** Bodies read at once on /slack/events; at 1 MB each, a bound on what unsigned senders can hold. */
export const SLACK_MAX_BODIES_IN_FLIGHT = 32;

/** A signature is remembered while its timestamp is inside the window (it may be 5 min ahead). */
const REPLAY_TTL_MS = (2 * SLACK_TIMESTAMP_WINDOW_S + 60) * 1000;

export interface SharedHttpReceiverOptions {
  http: HttpServer;
  signingSecret: string;
  logger: BoltLogger;
  log: Logger;
  /** Where the signatures already taken are kept (shared by the replicas with Redis). */
  state: SharedState;
  path?: string;
}

export class SharedHttpReceiver implements Receiver {
  private readonly bolt: HTTPReceiver;
  private readonly gate = new BodyGate(SLACK_MAX_BODIES_IN_FLIGHT);
  private receiving = false;

  constructor(private readonly opts: SharedHttpReceiverOptions) {
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.receiving) throw new HttpError(503, "stopping", { "retry-after": "5" });
    const signed = await readSignedRequest(req, this.opts.signingSecret, this.gate);
    // Events (JSON) are de-duplicated on their event_id (adapter.ts); slash commands and
    // interactions (forms) carry no id for that, so their signature is claimed instead.
    const form = req.headers["content-type"] === "application/x-www-form-urlencoded";
    if (form && !(await this.opts.state.claim(`slack:signed:${signed.signature}`, REPLAY_TTL_MS))) {
      this.opts.log.warn("slack: dropped a replayed request (its signature was already taken)");
      res.writeHead(200).end();
      return;
    }
    Object.assign(req, { rawBody: signed.body });
    this.bolt.requestListener(req, res);
  }
}
