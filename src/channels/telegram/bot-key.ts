// Shared-state keys that belong to one bot (its polling lock, its update ids) are named after a
// hash of its token: never the token itself, which would then sit in Redis for anyone to read.
import { createHash } from "node:crypto";

export function botKey(token: string): string {
  return createHash("sha256")
    .update("planbot-telegram-bot:" + token)
    .digest("hex")
    .slice(0, 16);
}
