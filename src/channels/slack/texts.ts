// Everything planbot says in Slack besides answers, in one place.
import { codeName, escapeDocumentMrkdwn, escapeMrkdwn, mrkdwnMessage, shorten, type SlackMessage } from "../../format/slack-blocks.js";
import type { Vote } from "../../feedback.js";

const HOW_TO_ASK =
  "Mention me with a question (`@planbot What does the plan aim for by 2022?`), send me a direct message, " +
  "or use `/ask What does the plan aim for by 2022?`. `/ask help` lists what I know.";

export function usage(): SlackMessage {
  return mrkdwnMessage(`:wave: Ask me a question about the documents. ${HOW_TO_ASK}`);
}

export function help(sources: string[], examples: string[]): SlackMessage {
  const shown = sources.slice(0, 20).map((s) => `• ${codeName(s)}`);
  if (sources.length > shown.length) shown.push(`• …and ${(sources.length - shown.length).toLocaleString("en-US")} more`);
  const lines = [
    "I answer questions about these documents and quote the passages I used:",
    ...(shown.length ? shown : ["• (no documents are loaded yet)"]),
  ];
  if (examples.length) {
    lines.push("", "For example:", ...examples.slice(0, 5).map((q) => `• ${escapeDocumentMrkdwn(shorten(q, 200))}`));
  }
  lines.push("", "When the documents do not hold the answer, I say so instead of guessing.", HOW_TO_ASK);
  return mrkdwnMessage(lines.join("\n"));
}

export function looking(question: string): SlackMessage {
  return mrkdwnMessage(`:mag: Looking in the documents for “${escapeMrkdwn(shorten(question, 200))}”…`);
}

export function rateLimited(retryAfterMs: number): SlackMessage {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return mrkdwnMessage(
    `:hourglass_flowing_sand: You are asking faster than I can keep up. Please try again in about ${seconds} s.`,
  );
}

export function notAllowedHere(): SlackMessage {
  return mrkdwnMessage("I am not enabled in this conversation. Please ask me where my admins have allowed me.");
}

/** The QaService's own explanation of why a question cannot be asked (plain text). */
export function badQuestion(message: string): SlackMessage {
  return mrkdwnMessage(escapeMrkdwn(message));
}

export function apology(): SlackMessage {
  return mrkdwnMessage("Sorry, something went wrong while I was looking that up. Please try again in a moment.");
}

export function thanks(userId: string, vote: Vote): string {
  return `${vote === "up" ? ":+1:" : ":-1:"} Thanks for the feedback, <@${userId}>!`;
}
