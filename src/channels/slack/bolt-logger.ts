// Bolt, its WebClient and the Socket Mode client log through this adapter, so their lines go
// through planbot's logger and its secret redaction like everything else.
import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Level, Logger } from "../../log.js";

export function boltLogger(log: Logger, level: Level): BoltLogger {
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? `${m.name}: ${m.message}` : typeof m === "string" ? m : safeJson(m))).join(" ");
  return {
    debug: (...msg: unknown[]) => log.debug(text(msg)),
    info: (...msg: unknown[]) => log.info(text(msg)),
    warn: (...msg: unknown[]) => log.warn(text(msg)),
    error: (...msg: unknown[]) => log.error(text(msg)),
    // Our logger decides the level; bolt only asks so it can skip building debug strings.
    setLevel: () => {},
    getLevel: () => LogLevel[level.toUpperCase() as keyof typeof LogLevel],
    setName: () => {},
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
