// The scripts' flags, parsed by node:util's parseArgs in strict mode: unknown flags, a missing
// value and a value given to an on/off flag are usage errors (exit 2). `-h` is `--help`.
import { parseArgs as parseNodeArgs } from "node:util";
import { UsageError } from "../errors.js";

// Where it was always imported from; the class lives with the others in errors.ts.
export { UsageError };

export interface FlagSpec {
  /** Flags that take a value (`--index DIR` or `--index=DIR`). */
  values?: string[];
  /** Flags that are on or off. */
  booleans?: string[];
}

export interface ParsedArgs {
  flags: Record<string, string | boolean | undefined>;
  positional: string[];
}

export function parseArgs(argv: string[], spec: FlagSpec): ParsedArgs {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = { help: { type: "boolean", short: "h" } };
  for (const name of spec.values ?? []) options[name] = { type: "string" };
  for (const name of spec.booleans ?? []) options[name] = { type: "boolean" };
  let parsed;
  try {
    parsed = parseNodeArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (err) {
    const code = String((err as NodeJS.ErrnoException).code);
    if (!code.startsWith("ERR_PARSE_ARGS_")) throw err;
    let message = (err as Error).message;
    // Node's hint after an unknown option is long (the usage follows anyway): a short one.
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") message = `${message.split(". ")[0]} (an argument that starts with '-' goes after '--')`;
    // On one line, like every other error a command prints.
    throw new UsageError(message.replace(/\s*\n\s*/g, " "));
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === "") throw new UsageError(`--${name} needs a value`);
  }
  return { flags: { ...parsed.values }, positional: parsed.positionals };
}

export function str(flags: ParsedArgs["flags"], name: string): string | undefined {
  const v = flags[name];
  return typeof v === "string" ? v : undefined;
}
