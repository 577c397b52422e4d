// Who is a message for? In a private chat every text is for the bot. In a group the bot only
// takes a command meant for it, a message that mentions it, or a reply to one of its messages;
// everything else in a group is other people talking.
import type { Message, MessageEntity } from "telegraf/types";

export type Intent =
  /** `/name args` meant for this bot (name lower-cased); `explicit` when written `/name@bot`. */
  | { kind: "command"; name: string; args: string; explicit: boolean }
  /** A question; `text` is empty when the bot was only mentioned. */
  | { kind: "question"; text: string }
  /** A sticker, photo, voice… in a private chat. */
  | { kind: "not-text" }
  | { kind: "ignore" };

export interface Me {
  id: number;
  username: string;
}

export function isPrivate(chatType: string): boolean {
  return chatType === "private";
}

export function readIntent(message: Message, me: Me, chatType: string): Intent {
  const priv = isPrivate(chatType);
  if (!("text" in message) || typeof message.text !== "string") {
    return priv ? { kind: "not-text" } : { kind: "ignore" };
  }
  const text = message.text;
  const entities = message.entities ?? impliedEntities(text);

  const first = entities[0];
  if (first?.type === "bot_command" && first.offset === 0) {
    const [name = "", to] = text.slice(1, first.length).split("@");
    // "/help@other_bot" in a group is for another bot.
    if (to !== undefined && to.toLowerCase() !== me.username.toLowerCase()) return { kind: "ignore" };
    return { kind: "command", name: name.toLowerCase(), args: text.slice(first.length).trim(), explicit: to !== undefined };
  }

  const mentions = entities.filter((e) => mentionsMe(e, text, me));
  if (priv) return { kind: "question", text: tidy(stripEntities(text, mentions)) };
  if (mentions.length > 0) return { kind: "question", text: tidy(stripEntities(text, mentions)) };
  if ("reply_to_message" in message && message.reply_to_message?.from?.id === me.id) {
    return { kind: "question", text: tidy(text) };
  }
  return { kind: "ignore" };
}

/**
 * Telegram marks commands and @mentions with entities itself; a message with no entities at all
 * (some relays and test doubles drop them) gets the ones Telegram would have set.
 */
function impliedEntities(text: string): MessageEntity[] {
  const out: MessageEntity[] = [];
  const cmd = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?/.exec(text);
  if (cmd) out.push({ type: "bot_command", offset: 0, length: cmd[0].length });
  for (const m of text.matchAll(/(?<![\w@/])@[A-Za-z0-9_]{3,32}/g)) {
    out.push({ type: "mention", offset: m.index, length: m[0].length });
  }
  return out;
}

function mentionsMe(e: MessageEntity, text: string, me: Me): boolean {
  if (e.type === "mention") {
    return text.slice(e.offset, e.offset + e.length).toLowerCase() === "@" + me.username.toLowerCase();
  }
  return e.type === "text_mention" && e.user.id === me.id;
}

/** Removes entity spans (offsets are UTF-16 code units, like JS string indices). */
function stripEntities(text: string, spans: MessageEntity[]): string {
  let out = text;
  for (const e of [...spans].sort((a, b) => b.offset - a.offset)) {
    out = out.slice(0, e.offset) + " " + out.slice(e.offset + e.length);
  }
  return out;
}

/** "@bot, what is…" → "what is…": drops the punctuation a mention leaves behind. */
function tidy(text: string): string {
  return text
    .replace(/[ \t]+/g, " ")
    .replace(/ ([,;:.!?])/g, "$1")
    .replace(/^[\s,:;.!-]+/, "")
    .trim();
}

/** Whom a limit applies to: the sender, or the chat when there is none (anonymous group admins). */
export function askerKey(fromId: number | undefined, chatId: number): string {
  return fromId !== undefined ? `user:${fromId}` : `chat:${chatId}`;
}
