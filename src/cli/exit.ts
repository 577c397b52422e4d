// How a command ends on an error: one redacted line on stderr, and the exit code errors.ts maps
// the error to (0 answered or abstained, 2 bad usage or input, 3 no usable index or another
// "not ready: fix the setup", 1 anything else).
import { loadConfig, secretsOf } from "../config.js";
import { exitCodeFor, UsageError } from "../errors.js";
import { redactor } from "../log.js";

// Where the commands have always imported them from; the table is errors.ts's.
export { EXIT, exitCodeFor } from "../errors.js";

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
