// The bot's own words around the quotes (the quotes themselves stay in the documents'
// language), in the language of the question: detectLanguage(answer.question).
import type { Language } from "./language.js";

export interface BotWords {
  notInDocuments: string;
  sources: string;
  closest: string;
  /** After the closest passages' label, where there is room to say why they are shown. */
  closestNote: string;
  /** "The closest passages: [1] [2]" inside an abstention's text. */
  closestInline: string;
  tryRephrasing: string;
  emptyAnswer: string;
  /** "alice asked: …" above a Slack answer. */
  asked: string;
  /** After an extractive answer shown because the language model failed. */
  llmFallback: { timeout: string; rate_limited: string; error: string };
}

export const BOT_WORDS: Record<Language, BotWords> = {
  en: {
    notInDocuments: "The documents do not say.",
    sources: "Sources",
    closest: "Closest passages",
    closestNote: "(they do not answer the question)",
    closestInline: "The closest passages:",
    tryRephrasing: "Try rephrasing, or send /sources to see which documents I have read.",
    emptyAnswer: "(empty answer)",
    asked: "asked",
    llmFallback: {
      timeout: "(The language model did not answer in time; showing quoted passages.)",
      rate_limited: "(The language model is busy right now; showing quoted passages.)",
      error: "(The language model could not answer; showing quoted passages.)",
    },
  },
  zh: {
    notInDocuments: "文档中没有答案。",
    sources: "来源",
    closest: "最接近的段落",
    closestNote: "（它们并不回答这个问题）",
    closestInline: "最接近的段落：",
    tryRephrasing: "请换个说法再问，或发送 /sources 查看我读过的文档。",
    emptyAnswer: "（空回答）",
    asked: "问",
    llmFallback: {
      timeout: "（语言模型没有及时回答；以下是引用的段落。）",
      rate_limited: "（语言模型正忙；以下是引用的段落。）",
      error: "（语言模型无法回答；以下是引用的段落。）",
    },
  },
};

/** Why the documents cannot answer, as the answerer says it in English, in Chinese. */
const ZH_REASONS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^They do not mention (.+)\.$/, (m) => `文档没有提到${m[1]!.replace(/, /g, "、")}。`],
  [/^They give no amount of money for this\.$/, () => "文档没有给出金额。"],
  [/^They give no number for this\.$/, () => "文档没有给出这个数字。"],
  [/^They give no exact date for this\.$/, () => "文档没有给出确切日期。"],
  [/^They give no date or time for this\.$/, () => "文档没有给出时间。"],
  [/^They do not name the person\.$/, () => "文档没有说出此人的名字。"],
  [/^They do not name who\.$/, () => "文档没有说明是谁。"],
  [/^They give no percentage for this\.$/, () => "文档没有给出百分比。"],
  [/^The question has no words to look for\.$/, () => "问题中没有可以查找的词。"],
];

/** The answerer's reason in `lang`; a reason not known here becomes a general one. */
export function reasonIn(lang: Language, reason: string): string {
  if (lang === "en") return reason;
  for (const [re, say] of ZH_REASONS) {
    const m = re.exec(reason);
    if (m) return say(m);
  }
  return "文档中没有与问题足够相关的内容。";
}
