// Who may manage documents from the chat: the user ids in TELEGRAM_ADMINS / SLACK_ADMINS.
import type { Config } from "../config.js";

export interface ChatUser {
  platform: "telegram" | "slack";
  /** The platform's user id (Telegram's numeric id, Slack's U…). */
  id: string;
}

export function isAdmin(admins: Config["admins"], user: ChatUser): boolean {
  return user.id !== "" && admins[user.platform].includes(user.id);
}

/** "telegram:12345": how logs name the user. */
export function userLabel(user: ChatUser): string {
  return `${user.platform}:${user.id}`;
}
