// Every error planbot means a person to read (a user in a chat, an operator at a terminal), in
// one place, each with a stable code: callers match on the class or on `code`, never on a name
// string, and one table says which exit code each ends a command with. Modelled on bolt-js's
// errors.ts (an enum of codes, classes carrying `code`). The messages are for people: they
// never carry a secret or request data.
//
// Exit codes (the contract of every command): 0 answered or abstained, 1 failed, 2 bad usage or
// input, 3 not ready: no usable index, or something outside planbot to fix first.

export enum ErrorCode {
  /** A command line planbot cannot run (unknown flag, missing value, unreadable input file). */
  Usage = "planbot_usage",
  /** A setting in the environment / .env is missing or malformed; `variable` names it. */
  Config = "planbot_config",
  /** A question that cannot be asked (empty, too long); the message is for the user. */
  BadQuestion = "planbot_bad_question",
  /** No usable index (missing, damaged, built with another model); the message names the fix. */
  IndexUnavailable = "planbot_index_unavailable",
  /** Another ingest is updating the index. */
  IndexLocked = "planbot_index_locked",
  /** Start-up waits on something outside planbot (Redis unreachable, the bot polled elsewhere). */
  NotReady = "planbot_not_ready",
  /** The ingest child process failed. */
  IngestProcess = "planbot_ingest_process",
  /** A model provider call failed; `kind` says how. */
  Llm = "planbot_llm",
  /** An HTTP request the server refuses; `status` is the answer. */
  Http = "planbot_http",
}

export const EXIT = { ok: 0, failure: 1, usage: 2, noIndex: 3, notReady: 3 } as const;

/** The exit code each error ends a command with: the one place that maps them. */
const EXIT_CODE_OF: Record<ErrorCode, number> = {
  [ErrorCode.Usage]: EXIT.usage,
  [ErrorCode.Config]: EXIT.usage,
  [ErrorCode.BadQuestion]: EXIT.usage,
  [ErrorCode.IndexUnavailable]: EXIT.noIndex,
  [ErrorCode.NotReady]: EXIT.notReady,
  [ErrorCode.IndexLocked]: EXIT.failure,
  [ErrorCode.IngestProcess]: EXIT.failure,
  [ErrorCode.Llm]: EXIT.failure,
  [ErrorCode.Http]: EXIT.failure,
};

export interface CodedError extends Error {
  code: ErrorCode;
}

const CODES = new Set<string>(Object.values(ErrorCode));

export function isCodedError(err: unknown): err is CodedError {
  return err instanceof Error && CODES.has((err as { code?: unknown }).code as string);
}

/** The exit code for whatever ended a command: 1 for anything planbot did not name. */
export function exitCodeFor(err: unknown): number {
  return isCodedError(err) ? EXIT_CODE_OF[err.code] : EXIT.failure;
}

/** The base of every planbot error: `name` is the class's, for stack traces and logs. */
abstract class PlanbotError extends Error implements CodedError {
  abstract readonly code: ErrorCode;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class UsageError extends PlanbotError {
  readonly code = ErrorCode.Usage;
}

export class ConfigError extends PlanbotError {
  readonly code = ErrorCode.Config;
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

export class BadQuestionError extends PlanbotError {
  readonly code = ErrorCode.BadQuestion;
}

export class IndexUnavailableError extends PlanbotError {
  readonly code = ErrorCode.IndexUnavailable;
}

export class IndexLockedError extends PlanbotError {
  readonly code = ErrorCode.IndexLocked;
}

export class NotReadyError extends PlanbotError {
  readonly code = ErrorCode.NotReady;
}

export class IngestProcessError extends PlanbotError {
  readonly code = ErrorCode.IngestProcess;
}

export type LlmFailure =
  /** No (complete) answer before the deadline. */
  | "timeout"
  /** HTTP 429: the provider asks us to slow down. */
  | "rate_limited"
  /** Any other HTTP error status. */
  | "http"
  /** The server could not be reached (refused, reset, DNS). */
  | "network"
  /** The server answered, but not in the shape the API promises. */
  | "bad_response";

/** In words safe to log: never the API key, and only the server's host is named. */
export class LlmError extends PlanbotError {
  readonly code = ErrorCode.Llm;
  constructor(
    readonly kind: LlmFailure,
    message: string,
    readonly status?: number,
    /** From a 429's Retry-After header, when the server sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Its message is shown to the client: never put request data in it. */
export class HttpError extends PlanbotError {
  readonly code = ErrorCode.Http;
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
