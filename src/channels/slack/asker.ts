// A Slack message as the conversation core reads it: who asks where, and what they ask.
import { detectLanguage, type Language } from "../../text/language.js";
import type { Asker, Request } from "../core/conversation.js";
import { isHelpRequest } from "./question-text.js";

export interface SlackQuestion {
  user: string;
  channel: string;
  /** The question, already freed of Slack markup (see question-text.ts). */
  text: string;
}

/** "help" (or "/ask help") is the help command, "sources", "reindex" and "remove NAME" the
 * document commands (Slack keeps "/" for its slash commands); anything else a question. */
export function slackRequest(q: SlackQuestion): Request {
  if (isHelpRequest(q.text)) return { kind: "command", name: "help", args: "", explicit: true };
  const doc = documentCommand(q.text);
  return doc ? { kind: "command", ...doc, explicit: true } : { kind: "question", text: q.text };
}

/** A question that starts with "remove" is not a command unless a file name follows. */
function documentCommand(text: string): { name: string; args: string } | undefined {
  const t = text.trim();
  const bare = /^\/?(sources|reindex|remove)$/i.exec(t);
  if (bare) return { name: bare[1]!.toLowerCase(), args: "" };
  const remove = /^\/?remove\s+(\S.*\.(?:txt|md|markdown|html?|pdf))$/i.exec(t);
  return remove ? { name: "remove", args: remove[1]! } : undefined;
}

/**
 * `conversation` orders the replies (a thread, a DM); follow-ups are read in the light of the
 * same person's earlier questions in the same channel.
 */
export function slackAsker(q: SlackQuestion, conversation: string, userLanguage?: (user: string) => Promise<Language>): Asker {
  return {
    conversation,
    user: q.user,
    // Direct-message channel ids start with D; nobody knows them in advance, hence "dm".
    place: q.channel.startsWith("D") ? [q.channel, "dm"] : [q.channel],
    memory: `slack:${q.channel}:${q.user}`,
    logId: q.channel,
    // The message's language when it has words, else the user's Slack locale.
    language: async () => (detectLanguage(q.text) === "zh" ? "zh" : ((await userLanguage?.(q.user)) ?? "en")),
    chatUser: { platform: "slack", id: q.user },
  };
}

/** The conversation an answer belongs to (its channel and thread), as events name it and a button press finds it again. */
export function answerConversation(channel: string, threadTs: string | undefined): string {
  return `${channel}:${threadTs ?? ""}`;
}
