// TELEGRAM_ALLOWED_CHATS: chat ids (a private chat's id is the user's id; groups are negative)
// or @usernames of public groups. No list means every chat is served.
import { listAllows } from "../core/allowlist.js";

/** The names a chat may be listed under; its id first (shown when it is not listed). */
export function chatNames(chat: { id: number; username?: string }): string[] {
  return chat.username ? [String(chat.id), "@" + chat.username] : [String(chat.id)];
}

export function chatAllowed(list: string[] | undefined, chat: { id: number; username?: string }): boolean {
  return listAllows(list, chatNames(chat));
}
