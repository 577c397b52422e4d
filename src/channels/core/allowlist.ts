// Allowlists (TELEGRAM_ALLOWED_CHATS, SLACK_ALLOWED_CHANNELS): the names a place may be listed
// under are the adapter's to say (a chat id, "@group", "dm"); no list serves every place.

export function listAllows(list: readonly string[] | undefined, names: readonly (string | undefined)[]): boolean {
  if (!list || list.length === 0) return true;
  const listed = new Set(list.map((entry) => entry.toLowerCase()));
  return names.some((name) => name !== undefined && listed.has(name.toLowerCase()));
}
