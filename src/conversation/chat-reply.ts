// The bot's own words for small talk, in the message's language: what it answers from and a
// few questions to try. No quotes, so nothing here needs a citation.
import type { Language } from "../text/language.js";
import type { SmallTalk } from "./small-talk.js";

export interface ChatContext {
  /** Documents in the index (paths relative to the corpus folder). */
  sources: string[];
  /** Two or three questions the documents can answer. */
  examples: string[];
}

const OPENERS: Record<Language, Record<SmallTalk, string>> = {
  en: {
    greeting: "Hello!",
    thanks: "You're welcome!",
    goodbye: "Goodbye, and come back any time!",
    help: "Ask me a question in plain words.",
    identity: "I'm planbot, a bot that reads your team's documents.",
  },
  zh: {
    greeting: "你好！",
    thanks: "不客气！",
    goodbye: "再见，欢迎随时回来提问！",
    help: "直接用一句话提问就可以。",
    identity: "我是 planbot，一个阅读团队文档的机器人。",
  },
};

export function chatReply(kind: SmallTalk, language: Language, ctx: ChatContext): string {
  const docs = documentList(ctx.sources, language);
  const examples = ctx.examples.slice(0, 3);
  if (language === "zh") {
    const lines = [`${OPENERS.zh[kind]}我根据已读的文档（${docs}）回答问题，并引用答案所依据的原文；文档里没有的，我会直说。`];
    if (examples.length) lines.push("你可以这样问：", ...examples.map((e) => `• ${e}`));
    return lines.join("\n");
  }
  const lines = [`${OPENERS.en[kind]} I answer questions about the documents I have read (${docs}), quoting the passages each answer comes from; when they do not say, I tell you so.`];
  if (examples.length) lines.push("You could ask:", ...examples.map((e) => `• ${e}`));
  return lines.join("\n");
}

function documentList(sources: string[], language: Language): string {
  const names = sources.slice(0, 3).map((s) => s.split("/").pop()!);
  const more = sources.length - names.length;
  if (language === "zh") return `共 ${sources.length} 篇：${names.join("、")}${more > 0 ? " 等" : ""}`;
  const list = names.join(", ") + (more > 0 ? ` and ${more} more` : "");
  return sources.length === 1 ? list : `${sources.length}: ${list}`;
}
