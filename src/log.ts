// One logger for the whole process: lines on stderr (stdout stays free for JSON output).
// Structured JSON through pino when stderr is not a terminal (one object per line: level, time,
// pid, the fields, msg); short human lines in a terminal. Every string that reaches a line
// (message, fields at any depth, error messages and stacks) is redacted first: known secret
// values and anything shaped like a platform token become "[redacted]".
import { pino } from "pino";

export type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Shapes of platform secrets, redacted even when we were not told the value. No \b before them,
// so a token glued to a word (Telegram's ".../bot<token>/sendMessage" URLs) is caught too.
const TOKEN_SHAPES = [
  /(?<![0-9])\d{5,12}(?::|%3[Aa])[A-Za-z0-9_-]{30,}/g, // Telegram bot token (also URL-encoded)
  /xox[abposre]-[A-Za-z0-9_-]{10,}/g, // Slack bot/user/refresh tokens
  /xapp-[A-Za-z0-9_-]{10,}/g, // Slack app-level token
  /sk-[A-Za-z0-9_-]{16,}/g, // OpenAI-style API key (may redact a long "…sk-…" word too: better than a leak)
  /(?<=\bBearer\s+)[A-Za-z0-9._~+/=-]{16,}/gi, // any bearer credential in a header dump
];

export const REDACTED = "[redacted]";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines carry these fields too. */
  child(fields: Record<string, unknown>): Logger;
  /** Redacts secrets from any text (also useful for error messages shown to users). */
  redact(text: string): string;
}

export interface LoggerOptions {
  level?: Level;
  secrets?: string[];
  /** JSON lines (default when stderr is not a terminal) or short human lines. */
  json?: boolean;
  /** Receives each line without its newline (default: stderr). */
  write?: (line: string) => void;
}

/** A function that removes the given secret values and every token shape from a text. */
export function redactor(secrets: readonly string[] = []): (text: string) => string {
  const values = new Set<string>();
  for (const s of secrets) {
    if (s.length < 4) continue;
    values.add(s);
    // The same secret as it appears in a URL or a JSON string.
    values.add(encodeURIComponent(s));
    values.add(JSON.stringify(s).slice(1, -1));
  }
  const sorted = [...values].sort((a, b) => b.length - a.length);
  return (text: string): string => {
    let out = text;
    for (const s of sorted) if (out.includes(s)) out = out.split(s).join(REDACTED);
    for (const re of TOKEN_SHAPES) out = out.replace(re, REDACTED);
    return out;
  };
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const min = ORDER[opts.level ?? "info"];
  const redact = redactor(opts.secrets ?? []);
  const write = opts.write ?? ((line: string) => void process.stderr.write(line + "\n"));
  const json = opts.json ?? !process.stderr.isTTY;

  const root = json
    ? pino(
        {
          level: opts.level ?? "info",
          base: { pid: process.pid },
          timestamp: pino.stdTimeFunctions.isoTime,
          formatters: { level: (label) => ({ level: label }) },
          // Belt and braces: fields are redacted before pino sees them; this catches anything
          // pino itself might add.
          hooks: { streamWrite: (line) => redact(line) },
        },
        { write: (line: string) => write(line.endsWith("\n") ? line.slice(0, -1) : line) },
      )
    : undefined;

  const make = (base: Record<string, unknown>, p: pino.Logger | undefined): Logger => {
    const emit = (level: Level, msg: string, fields?: Record<string, unknown>) => {
      if (ORDER[level] < min) return;
      try {
        const clean = cleanFields(fields ?? {}, redact, level === "error");
        if (p) {
          p[level](clean, redact(msg));
          return;
        }
        const extra = Object.entries({ ...base, ...clean })
          .map(([k, v]) => `${k}=${typeof v === "string" ? v : safeStringify(v)}`)
          .join(" ");
        write(redact(`${level === "info" ? "" : level + ": "}${msg}${extra ? " " + extra : ""}`));
      } catch {
        // A log line must never take the process down; say that one was lost.
        write(redact(`${level}: ${msg} (fields could not be logged)`));
      }
    };
    return {
      debug: (m, f) => emit("debug", m, f),
      info: (m, f) => emit("info", m, f),
      warn: (m, f) => emit("warn", m, f),
      error: (m, f) => emit("error", m, f),
      child: (fields) => {
        const clean = cleanFields(fields, redact, false);
        return make({ ...base, ...clean }, p?.child(clean));
      },
      redact,
    };
  };
  return make({}, root);
}

// ---------------------------------------------------------------------------------------------
// Fields → plain, redacted, bounded data. Errors keep only what is safe and useful: their name,
// message, a few scalar properties (code, status…) and, on error lines, a short stack. Other
// properties of errors (telegraf's `on.payload`, a request's body) may hold message texts or
// tokens and are left out.

const RESERVED = new Set(["level", "time", "pid", "msg"]);
const ERROR_SCALARS = ["code", "status", "statusCode", "errno", "syscall", "retryAfter", "kind"] as const;
const MAX_DEPTH = 6;
const MAX_ITEMS = 100;
const MAX_STACK_FRAMES = 8;

function cleanFields(fields: Record<string, unknown>, redact: (s: string) => string, withStack: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const seen = new WeakSet<object>();
  for (const [k, v] of Object.entries(fields)) {
    const value = clean(v, redact, 0, seen, withStack);
    if (value !== undefined) out[RESERVED.has(k) ? `field_${k}` : redact(k)] = value;
  }
  return out;
}

function clean(v: unknown, redact: (s: string) => string, depth: number, seen: WeakSet<object>, withStack: boolean): unknown {
  switch (typeof v) {
    case "string":
      return redact(v);
    case "number":
    case "boolean":
    case "undefined":
      return v;
    case "bigint":
      return v.toString();
    case "function":
    case "symbol":
      return undefined;
  }
  if (v === null) return null;
  const obj = v as object;
  if (seen.has(obj)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[Object]";
  seen.add(obj);
  try {
    if (obj instanceof Error) return cleanError(obj, redact, depth, seen, withStack);
    if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? "Invalid Date" : obj.toISOString();
    if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer) return `[${obj.constructor.name} ${obj.byteLength} bytes]`;
    if (obj instanceof Map || obj instanceof Set) return `[${obj.constructor.name} ${obj.size}]`;
    if (Array.isArray(obj)) {
      const items = obj.slice(0, MAX_ITEMS).map((x) => clean(x, redact, depth + 1, seen, withStack) ?? null);
      if (obj.length > MAX_ITEMS) items.push(`… ${obj.length - MAX_ITEMS} more`);
      return items;
    }
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const [k, x] of Object.entries(obj)) {
      if (n++ >= MAX_ITEMS) {
        out["…"] = "more fields left out";
        break;
      }
      const value = clean(x, redact, depth + 1, seen, withStack);
      if (value !== undefined) out[redact(k)] = value;
    }
    return out;
  } catch {
    return "[unloggable]";
  } finally {
    seen.delete(obj);
  }
}

function cleanError(e: Error, redact: (s: string) => string, depth: number, seen: WeakSet<object>, withStack: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { name: redact(String(e.name)), message: redact(String(e.message)) };
  const props = e as unknown as Record<string, unknown>;
  for (const key of ERROR_SCALARS) {
    const x = props[key];
    if (typeof x === "string") out[key] = redact(x);
    else if (typeof x === "number" || typeof x === "boolean") out[key] = x;
  }
  if (withStack && typeof e.stack === "string") {
    const frames = e.stack
      .split("\n")
      .filter((l) => /^\s+at /.test(l))
      .slice(0, MAX_STACK_FRAMES)
      .map((l) => l.trim());
    if (frames.length) out.stack = redact(frames.join("\n"));
  }
  if (e.cause !== undefined) out.cause = clean(e.cause, redact, depth + 1, seen, withStack);
  if (e instanceof AggregateError) out.errors = clean(e.errors, redact, depth + 1, seen, withStack);
  return out;
}

function safeStringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
