// A channel translates platform events into questions and Answers into platform messages.
// It only talks to the QaService; it never reaches into retrieval.
import type { DocumentAdmin } from "../admin/documents.js";
import type { Config } from "../config.js";
import type { FeedbackStore } from "../feedback.js";
import type { HttpServer } from "../http/server.js";
import type { Logger } from "../log.js";
import type { SharedState } from "../state/shared-state.js";
import type { QaService } from "../types.js";

export interface Channel {
  readonly name: string;
  /** Resolves once the channel is receiving (polling started, server listening, socket open). */
  start(): Promise<void>;
  /** Stops intake, lets answers in flight finish, then resolves. */
  stop(): Promise<void>;
}

export interface ChannelDeps {
  qa: QaService;
  config: Config;
  log: Logger;
  feedback: FeedbackStore;
  /**
   * The shared HTTP server. A channel that needs a URL registers its routes when it is
   * created; main.ts starts listening before it calls start() on any channel.
   */
  http: HttpServer;
  /** Rate limits, de-duplication and locks, shared by the replicas (default: this process only). */
  state?: SharedState;
  /** Document management from the chat (admins' uploads, /remove, /reindex); none: not offered. */
  documents?: DocumentAdmin;
}
