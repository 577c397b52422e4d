// One logger for the whole process: lines on stderr (stdout stays free for JSON output),
// with every known secret and anything shaped like a token redacted before it is written.

export type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Shapes of platform secrets, redacted even when we were not told the value.
const TOKEN_SHAPES = [
  /\b\d{5,12}:[A-Za-z0-9_-]{30,}\b/g, // Telegram bot token
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g, // Slack bot/user tokens
  /\bxapp-[A-Za-z0-9-]{10,}\b/g, // Slack app-level token
  /\bsk-[A-Za-z0-9_-]{16,}\b/g, // OpenAI-style API key
];

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
  json?: boolean;
  write?: (line: string) => void;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const min = ORDER[opts.level ?? "info"];
  const secrets = (opts.secrets ?? []).filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  const write = opts.write ?? ((line: string) => process.stderr.write(line + "\n"));
  const json = opts.json ?? !process.stderr.isTTY;

  const redact = (text: string): string => {
    let out = text;
    for (const s of secrets) out = out.split(s).join("[redacted]");
    for (const re of TOKEN_SHAPES) out = out.replace(re, "[redacted]");
    return out;
  };

  const make = (base: Record<string, unknown>): Logger => {
    const emit = (level: Level, msg: string, fields?: Record<string, unknown>) => {
      if (ORDER[level] < min) return;
      const all = { ...base, ...fields };
      let line: string;
      if (json) {
        line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...serialize(all) });
      } else {
        const extra = Object.entries(serialize(all))
          .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
          .join(" ");
        line = `${level === "info" ? "" : level + ": "}${msg}${extra ? " " + extra : ""}`;
      }
      write(redact(line));
    };
    return {
      debug: (m, f) => emit("debug", m, f),
      info: (m, f) => emit("info", m, f),
      warn: (m, f) => emit("warn", m, f),
      error: (m, f) => emit("error", m, f),
      child: (fields) => make({ ...base, ...fields }),
      redact,
    };
  };
  return make({});
}

function serialize(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? { name: v.name, message: v.message } : v;
  }
  return out;
}
