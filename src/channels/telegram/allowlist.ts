// TELEGRAM_ALLOWED_CHATS: chat ids (a private chat's id is the user's id; groups are negative)
// or @usernames of public groups. No list means every chat is served.

export function chatAllowed(list: string[] | undefined, chat: { id: number; username?: string }): boolean {
  if (!list || list.length === 0) return true;
  if (list.includes(String(chat.id))) return true;
  const name = chat.username?.toLowerCase();
  return name !== undefined && list.some((entry) => entry.toLowerCase() === "@" + name);
}
