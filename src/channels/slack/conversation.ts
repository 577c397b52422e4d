// What happens to a question, wherever it came from (mention, DM or /ask): the checks that
// can answer at once (channel allowed, usage, help, rate limit), then the answer itself.
import { answerToSlack, type SlackFormatOptions, type SlackMessage } from "../../format/slack-blocks.js";
import type { Logger } from "../../log.js";
import type { RateVerdict } from "../../state/shared-state.js";
import type { QaService } from "../../types.js";
import { isHelpRequest } from "./question-text.js";
import { SlackStreamingReply, type PostEditable } from "./streaming.js";
import * as texts from "./texts.js";
import { detectLanguage, type Language } from "../../text/language.js";

/** Where replies go. `visible` is the thread, the DM or the /ask response; `private` only the asker sees. */
export interface ReplyTarget {
  visible(msg: SlackMessage): Promise<unknown>;
  private(msg: SlackMessage): Promise<unknown>;
  /** Shows that work has started (e.g. a reaction). Best effort. */
  working?(): Promise<unknown>;
  /** Posts a visible message that can be updated: answers then stream in (with an LLM). */
  editable?: PostEditable;
}

export interface Question {
  user: string;
  channel: string;
  /** The question, already freed of Slack markup (see question-text.ts). */
  text: string;
}

/** Either a reply that needs no answer (hint, help, limit) or a question to answer. */
export type Triage = { reply: SlackMessage } | { ask: string };

export interface ConversationDeps {
  qa: QaService;
  log: Logger;
  /** Counts a question of `user` against the per-minute limit. */
  limit(user: string): Promise<RateVerdict>;
  /** Channel ids where the bot may answer; "dm" allows every direct message. */
  allowedChannels?: string[];
  /** Least time between two updates of a streaming answer (default SLACK_STREAM_INTERVAL_MS). */
  streamIntervalMs?: number;
  /** The language of a user's Slack client (their locale), for texts with no question to go by. */
  userLanguage?(user: string): Promise<Language>;
}

export class Conversation {
  constructor(private readonly deps: ConversationDeps) {}

  /** Quick (no answering), so /ask can put its result straight into the ack. Never throws. */
  async triage(q: Question): Promise<Triage> {
    try {
      if (!this.allowed(q.channel)) return { reply: texts.notAllowedHere() };
      if (!q.text) return { reply: texts.usage(await this.language(q)) };
      if (isHelpRequest(q.text)) return { reply: texts.help(this.deps.qa.sources(), this.deps.qa.exampleQuestions(), await this.language(q)) };
      const limit = await this.deps.limit(q.user);
      if (!limit.allowed) return { reply: texts.rateLimited(limit.retryAfterMs) };
      return { ask: q.text };
    } catch (err) {
      // e.g. the help text could not list the documents; the ack must still go out.
      this.deps.log.error("slack: triage failed", { conversation: q.channel, error: err });
      return { reply: texts.apology() };
    }
  }

  /** The language for the bot's own texts: the message's when it has words, else the user's locale. */
  private async language(q: Question): Promise<Language> {
    if (detectLanguage(q.text) === "zh") return "zh";
    return (await this.deps.userLanguage?.(q.user).catch(() => undefined)) ?? "en";
  }

  /** Triage, then answer, replying through `target`. Never throws. */
  async handle(q: Question, target: ReplyTarget, format: SlackFormatOptions = {}): Promise<void> {
    const t = await this.triage(q);
    if ("reply" in t) {
      await target.private(t.reply).catch((err) => this.deps.log.warn("slack: could not send a reply", { error: err }));
      return;
    }
    target.working?.().catch((err) => this.deps.log.debug("slack: could not mark the question", { error: err }));
    await this.answer(t.ask, q.channel, target, format, q.user);
  }

  /** Asks the QaService and posts the answer; on failure, a short apology instead. Never throws. */
  async answer(question: string, channel: string, target: ReplyTarget, format: SlackFormatOptions = {}, user?: string): Promise<void> {
    const log = this.deps.log;
    // Slack does not deliver an acked event again: should the process die now (kill -9), this
    // line without its "slack: answered" is the trace of a question left unanswered.
    log.info("slack: answering", { conversation: channel });
    // With an LLM the answer streams into one message that the final answer then replaces.
    const stream = target.editable ? new SlackStreamingReply(target.editable, log, this.deps.streamIntervalMs) : undefined;
    try {
      // Follow-ups are read in the light of the same person's earlier questions here.
      const chatId = `slack:${channel}:${user ?? ""}`;
      const answer = await this.deps.qa.ask(question, { chatId, onPartial: stream?.push });
      const msgs = answerToSlack(answer, format);
      if (stream) await stream.finish(msgs, target.visible);
      else for (const msg of msgs) await target.visible(msg);
      log.info("slack: answered", { conversation: channel, kind: answer.kind, ms: answer.timings.totalMs });
    } catch (err) {
      // The QaService's BadQuestionError (empty, too long) carries a message meant for the user.
      // Matched by name: importing qa.ts here would load the whole retrieval stack.
      if (err instanceof Error && err.name === "BadQuestionError") {
        await target.private(texts.badQuestion(err.message)).catch((e) => log.warn("slack: could not send a reply", { error: e }));
        return;
      }
      log.error("slack: answering failed", { conversation: channel, error: err });
      await (stream ? stream.finish([texts.apology()], target.visible) : target.visible(texts.apology())).catch((e) => log.error("slack: could not send the apology", { error: e }));
    }
  }

  private allowed(channel: string): boolean {
    const list = this.deps.allowedChannels;
    if (!list || list.length === 0) return true;
    // Direct-message channel ids start with D; nobody knows them in advance, hence "dm".
    return list.includes(channel) || (channel.startsWith("D") && list.some((c) => c.toLowerCase() === "dm"));
  }
}
