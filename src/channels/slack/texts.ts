// Everything planbot says in Slack, as Block Kit: the core's notices, its answers (with 👍/👎
// buttons that carry the question and answer), and the adapter's own words (/ask, thanks).
import type { types as Slack } from "@slack/bolt";
import type { Vote } from "../../feedback.js";
import { answerToSlack, citationLinkMrkdwn, codeName, escapeDocumentMrkdwn, escapeMrkdwn, mrkdwnMessage, shorten, type SlackMessage } from "../../format/slack-blocks.js";
import type { Language } from "../../text/language.js";
import { DOCUMENT_WORDS, documentFacts } from "../core/document-words.js";
import type { Notice, Texts } from "../core/notices.js";
import { shownPassage, type NoQuote, type QuotedPassage } from "../core/quotes.js";

const WORDS: Record<Language, { howToAsk: string; usage: string; lead: string; none: string; more: (n: number) => string; example: string; honest: string }> = {
  en: {
    howToAsk:
      "Mention me with a question (`@planbot What does the plan aim for by 2022?`), send me a direct message, " + "or use `/ask What does the plan aim for by 2022?`. `/ask help` lists what I know.",
    usage: ":wave: Ask me a question about the documents.",
    lead: "I answer questions about these documents and quote the passages I used:",
    none: "• (no documents are loaded yet)",
    more: (n) => `• …and ${n.toLocaleString("en-US")} more`,
    example: "For example:",
    honest: "When the documents do not hold the answer, I say so instead of guessing.",
  },
  zh: {
    howToAsk: "提到我并写上问题（`@planbot 这份规划到2022年的目标是什么？`）、给我发私信，或使用 `/ask 你的问题`。`/ask help` 列出我读过的文档。",
    usage: ":wave: 请问我关于这些文档的问题（中文或英文都可以）。",
    lead: "我回答关于这些文档的问题，并引用我所依据的原文段落：",
    none: "• （还没有加载任何文档）",
    more: (n) => `• …还有 ${n} 个`,
    example: "例如：",
    honest: "文档中没有答案时，我会直说，不会猜测。",
  },
};

export function usage(lang: Language = "en"): SlackMessage {
  return mrkdwnMessage(`${WORDS[lang].usage} ${WORDS[lang].howToAsk}`);
}

/** What the bot knows and how to ask, in the user's language (their Slack locale). */
export function help(sources: string[], examples: string[], lang: Language = "en"): SlackMessage {
  const w = WORDS[lang];
  const shown = sources.slice(0, 20).map((s) => `• ${codeName(s)}`);
  if (sources.length > shown.length) shown.push(w.more(sources.length - shown.length));
  const lines = [w.lead, ...(shown.length ? shown : [w.none])];
  if (examples.length) {
    lines.push("", w.example, ...examples.slice(0, 5).map((q) => `• ${escapeDocumentMrkdwn(shorten(q, 200))}`));
  }
  lines.push("", w.honest, w.howToAsk);
  return mrkdwnMessage(lines.join("\n"));
}

export function looking(question: string): SlackMessage {
  return mrkdwnMessage(`:mag: Looking in the documents for “${escapeMrkdwn(shorten(question, 200))}”…`);
}

export function thanks(userId: string, vote: Vote): string {
  return `${vote === "up" ? ":+1:" : ":-1:"} Thanks for the feedback, <@${userId}>!`;
}

/** A draft of an answer streaming in (chat.update replaces it with the answer). */
export function streamingMessage(text: string): SlackMessage {
  return mrkdwnMessage(`${escapeDocumentMrkdwn(text)} _…_`);
}

/** The bot's words in Slack, for the core. */
export const slackTexts: Texts<SlackMessage> = { notice: (n) => [noticeMessage(n)], answer: (answer) => answerToSlack(answer) };

function noticeMessage(n: Notice): SlackMessage {
  switch (n.kind) {
    case "not-allowed":
      return mrkdwnMessage("I am not enabled in this conversation. Please ask me where my admins have allowed me.");
    case "usage":
    case "not-text":
    case "unknown-command":
      return usage(n.kind === "usage" ? n.language : "en");
    case "help":
      return help(n.sources, n.examples, n.language);
    case "sources":
      return help(n.sources, [], "en");
    case "rate-limited":
      return mrkdwnMessage(`:hourglass_flowing_sand: You are asking faster than I can keep up. Please try again in about ${n.retryAfterS} s.`);
    case "bad-question":
      // The QaService's own explanation (plain text).
      return mrkdwnMessage(escapeMrkdwn(n.message));
    case "apology":
      return mrkdwnMessage("Sorry, something went wrong while I was looking that up. Please try again in a moment.");
    // ---- document management (in a DM the commands are plain words: "sources", "remove NAME", "reindex") ----
    case "documents": {
      const w = DOCUMENT_WORDS[n.language];
      if (n.documents.length === 0) return mrkdwnMessage(escapeMrkdwn(w.none));
      const lines = n.documents.slice(0, SLACK_SOURCES_PAGE).map((d) => `• ${codeName(d.name)} — ${escapeMrkdwn(documentFacts(d, n.language))}`);
      const rest = n.documents.length - SLACK_SOURCES_PAGE;
      if (rest > 0) lines.push(escapeMrkdwn(w.more(rest)));
      return mrkdwnMessage(`*${escapeMrkdwn(w.title(n.documents.length))}*\n${lines.join("\n")}`);
    }
    case "document-result": {
      const w = DOCUMENT_WORDS[n.language];
      return mrkdwnMessage((n.ok ? w.done : w.refused) + escapeMrkdwn(n.message.replace(/\/sources/g, "`sources`")));
    }
    case "document-usage": {
      const w = DOCUMENT_WORDS[n.language];
      return mrkdwnMessage(`${escapeMrkdwn(w.removeUsage)} \`remove plan-annex.pdf\`. ${escapeMrkdwn(w.listHint.replace("/sources", "`sources`"))}`);
    }
    case "document-working":
      return mrkdwnMessage(escapeMrkdwn(DOCUMENT_WORDS[n.language].working));
    case "quote":
      return { text: "The cited passages in context", blocks: n.quotes.map((q) => ({ type: "section", text: { type: "mrkdwn", text: quoteMrkdwn(q), verbatim: true } })) };
    case "no-quote":
      return mrkdwnMessage(NO_QUOTE[n.why]);
    case "reason-prompt":
      return mrkdwnMessage(REASON.label);
    case "reason-noted":
      return mrkdwnMessage("Noted, thank you. It helps make the answers better.");
  }
}

/** "*[1]* <link|plan.md> · characters 120–245 · page 3", then the passage with the quote in bold. */
function quoteMrkdwn(q: QuotedPassage): string {
  const p = shownPassage(q);
  const where = [`characters ${q.start.toLocaleString("en-US")}–${q.end.toLocaleString("en-US")}`, ...(q.page !== undefined ? [`page ${q.page}`] : [])].join(" · ");
  const name = q.href ? citationLinkMrkdwn(q.href, q.source) : codeName(q.source);
  const text = `*[${q.n}]* ${name} · ${where}\n>${escapeDocumentMrkdwn(p.before)}*${escapeDocumentMrkdwn(shorten(p.text, 1500))}*${escapeDocumentMrkdwn(p.after)}`;
  return shorten(text, 3000);
}

const NO_QUOTE: Record<NoQuote, string> = {
  "no-answer": "I can no longer find that answer. Ask the question again for a fresh one.",
  "no-citations": "That answer cites no sources, so there is nothing to show.",
  "out-of-range": "That source is not part of the answer.",
  "not-a-number": "That source is not part of the answer.",
  changed: "Those passages are no longer in the documents (they changed since the answer). Ask again for a fresh answer.",
};

/** The modal that asks why after a 👎 (views.open; its submission comes back as view_submission). */
export const REASON = {
  callbackId: "planbot_reason",
  blockId: "reason",
  actionId: "reason_text",
  label: "What was wrong? (optional, one line)",
} as const;

export function reasonModal(privateMetadata: string): Slack.ModalView {
  return {
    type: "modal",
    callback_id: REASON.callbackId,
    private_metadata: privateMetadata,
    title: { type: "plain_text", text: "Thanks for the feedback" },
    submit: { type: "plain_text", text: "Send" },
    close: { type: "plain_text", text: "Skip" },
    blocks: [
      {
        type: "input",
        block_id: REASON.blockId,
        optional: true,
        label: { type: "plain_text", text: REASON.label },
        element: { type: "plain_text_input", action_id: REASON.actionId, max_length: 300, placeholder: { type: "plain_text", text: "e.g. it quoted the wrong year" } },
      },
    ],
  };
}

/** How many documents one Slack list shows (a section holds 3,000 characters). */
const SLACK_SOURCES_PAGE = 20;
