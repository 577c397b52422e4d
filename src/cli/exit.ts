// Exit codes shared by every command (README, Commands): 0 answered or abstained, 2 bad usage or
// input, 3 no usable index or another "not ready: fix the setup" (Redis unreachable, the bot
// already polled elsewhere). One place maps errors to codes and one-line messages.
import { ConfigError, loadConfig, secretsOf } from "../config.js";
import { IndexUnavailableError } from "../index/manifest.js";
import { IndexLockedError } from "../index/store.js";
import { NotReadyError } from "../ops/not-ready.js";
import { redactor } from "../log.js";
import { BadQuestionError } from "../qa.js";
import { UsageError } from "./args.js";

export const EXIT = { ok: 0, failure: 1, usage: 2, noIndex: 3, notReady: 3 } as const;

export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError || err instanceof BadQuestionError || err instanceof ConfigError) return EXIT.usage;
  if (err instanceof IndexUnavailableError) return EXIT.noIndex;
  if (err instanceof NotReadyError) return EXIT.notReady;
  if (err instanceof IndexLockedError) return EXIT.failure;
  return EXIT.failure;
}

/** Prints one line for the error on stderr (redacted) and exits with its code. */
export function fail(err: unknown, redact: (s: string) => string = defaultRedact(), usage?: string): never {
  const code = exitCodeFor(err);
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(redact(`planbot: ${message}`) + "\n");
  if (err instanceof UsageError && usage) process.stderr.write(usage + "\n");
  process.exit(code);
}

/** Redacts the configured secrets (when the configuration can be read) and every token shape. */
function defaultRedact(): (s: string) => string {
  let secrets: string[] = [];
  try {
    secrets = secretsOf(loadConfig());
  } catch {
    // a broken configuration is what is being reported; token shapes are still redacted
  }
  return redactor(secrets);
}
