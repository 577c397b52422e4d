// The scripts' flag parsing (node:util parseArgs, strict): what is accepted, and the one-line
// usage errors every command turns into exit 2.
import { describe, expect, it } from "vitest";
import { parseArgs, str, UsageError } from "../src/cli/args.js";

const spec = { values: ["index", "batch"], booleans: ["json"] };
const usageError = (argv: string[]): string => {
  try {
    parseArgs(argv, spec);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`no usage error for ${argv.join(" ")}`);
};

describe("parseArgs", () => {
  it("reads values both ways, on/off flags, -h, and everything after -- as positional", () => {
    const { flags, positional } = parseArgs(["--index", "a", "--batch=b.jsonl", "--json", "what", "-", "--", "--json", "-5"], spec);
    expect(str(flags, "index")).toBe("a");
    expect(str(flags, "batch")).toBe("b.jsonl");
    expect(flags.json).toBe(true);
    expect(flags.help).toBeUndefined();
    expect(positional).toEqual(["what", "-", "--json", "-5"]);
    expect(parseArgs(["-h"], spec).flags.help).toBe(true);
    expect(str(parseArgs([], spec).flags, "index")).toBeUndefined();
  });

  it("refuses unknown flags, missing or empty values, a value for an on/off flag, and a flag taken for a value", () => {
    expect(usageError(["--nope"])).toBe("Unknown option '--nope' (an argument that starts with '-' goes after '--')");
    expect(usageError(["-x"])).toMatch(/^Unknown option '-x'/);
    expect(usageError(["--index"])).toMatch(/--index.*missing/);
    expect(usageError(["--index="])).toBe("--index needs a value");
    expect(usageError(["--json=yes"])).toMatch(/--json.*does not take an argument/);
    // `--index --json` used to make "--json" the index directory.
    const ambiguous = usageError(["--index", "--json", "q"]);
    expect(ambiguous).toMatch(/--index.*ambiguous/);
    expect(ambiguous).not.toContain("\n");
  });
});
