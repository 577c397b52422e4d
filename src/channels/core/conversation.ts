// The conversation core every channel shares, once an adapter has read a platform event as a
// Request: triage (allowed → usage → help and other commands → rate limit), then the answer in
// the conversation's turn (replies keep the order of the messages), streamed where messages can
// be edited; the user's words for a question that cannot be asked, an apology for a failure;
// votes on answers. Adapters only say how to read their events and how to send.
import type { ChatUser } from "../../admin/admins.js";
import type { DocumentAdmin } from "../../admin/documents.js";
import { BadQuestionError } from "../../errors.js";
import type { FeedbackStore } from "../../feedback.js";
import type { Logger } from "../../log.js";
import { MemoryState } from "../../state/memory-state.js";
import type { SharedState } from "../../state/shared-state.js";
import type { Language } from "../../text/language.js";
import type { Answer, QaService } from "../../types.js";
import { listAllows } from "./allowlist.js";
import { ChatDocuments, type IncomingFile } from "./documents.js";
import { KeyedQueue } from "./keyed-queue.js";
import type { Notice, Texts } from "./notices.js";
import { QuestionLimit } from "./question-limit.js";
import { quoteNotice, quotePick, type NumberedSpan } from "./quotes.js";
import { ReasonPrompts } from "./reasons.js";
import { StreamingReply, type Drafts } from "./streaming.js";
import { VoteBox, type Ballot, type Voted, type VoteOutcome } from "./votes.js";

/** A message as the adapter read it. A question is empty when the bot was only addressed;
 * a command is `explicit` when surely for this bot (a private chat, `/name@bot`). */
export type Request = { kind: "question"; text: string } | { kind: "command"; name: string; args: string; explicit: boolean } | { kind: "not-text" };

export interface Asker {
  /** Replies in one conversation (a chat, a DM, a thread) go out in the order asked. */
  conversation: string;
  /** Whom the question limit counts. */
  user: string;
  /** The names the place may be allowlisted under; the first is shown when it is not. */
  place: string[];
  /** The QaService's memory key for follow-ups; none: every question stands alone. */
  memory?: string;
  /** How the logs name the conversation (a hash where an id is personal). */
  logId: string;
  /** The user's client language, for texts with no question to tell it from. */
  language?(): Promise<Language>;
  /** Who the admin check sees (platform and user id); none: never an admin. */
  chatUser?: ChatUser;
  /** The message this one replies to (`/quote` as a reply picks that answer). */
  repliedTo?: string | number;
}

/** A 👎's reason as the user gave it, for the answer sent as `answerId`. */
export interface GivenReason {
  conversation: string;
  answerId: string | number;
  /** Who gave it, as the feedback file records it (hashed there). */
  who: string;
  text: string;
  /** What the message showed: stands in for an answer this process does not remember. */
  shown?: Voted;
}

/** Where the replies to one message go; `Sent` is what the platform returns for a sent message. */
export interface Reply<M, Sent = unknown> {
  /** Sends one message where the conversation sees it. */
  send(msg: M): Promise<Sent>;
  /** Sends one message only the asker sees (default: send). */
  sendPrivately?(msg: M): Promise<unknown>;
  /** Shows that an answer is being prepared (best effort); returns what stops it. */
  working?(): (() => void) | undefined;
  /** When the channel can edit what it sent, answers stream in (with an LLM). */
  drafts?: Drafts<M, Sent>;
  /** Renders the answer instead of the channel's texts (e.g. naming who asked). */
  render?(answer: Answer): M[];
  /** The id votes name a sent answer by; given, answers are remembered for votes. */
  messageId?(sent: Sent): string | number;
}

/** What triage decided: a notice, a question to answer, nothing to say, or slower work (an
 * admin's /remove) whose notice comes when it is done (`pending` says it started). */
export type Outcome = { notice: Notice } | { ask: string } | { none: true } | { run: () => Promise<Notice>; pending: Notice };

/** A command: its arguments and asker in, an outcome out. */
export type Command = (args: string, asker: Asker) => Outcome | Promise<Outcome>;

export interface ConversationOptions<M> {
  /** The channel's name: in logs, state keys and the feedback file. */
  name: string;
  qa: QaService;
  log: Logger;
  /** Where votes are recorded (none: no votes). */
  feedback?: FeedbackStore;
  texts: Texts<M>;
  /** Questions per user per minute (0: no limit). */
  perMinute: number;
  /** Shared by the replicas when REDIS_URL is set, so that they count as one. */
  state?: SharedState;
  /** Places the bot may answer in (see allowlist.ts); none: everywhere. */
  allowlist?: string[];
  /** Tell every refused question (where notices are private), not once per window. */
  tellEveryRefusal?: boolean;
  /** Document management from the chat (/sources details, /remove, /reindex, uploads); none: only the plain /sources. */
  documents?: DocumentAdmin;
}

export class Conversation<M> {
  readonly name: string;
  private readonly queue: KeyedQueue;
  private readonly limit: QuestionLimit;
  private readonly votes: VoteBox;
  private readonly reasons = new ReasonPrompts();
  private readonly commands = new Map<string, Command>();
  private readonly documents?: ChatDocuments;

  constructor(private readonly opts: ConversationOptions<M>) {
    this.name = opts.name;
    this.queue = new KeyedQueue((err) => opts.log.error(`${opts.name}: task failed`, { error: err }));
    this.limit = new QuestionLimit(opts.perMinute, Date.now, opts.state ?? new MemoryState(), opts.name);
    this.votes = new VoteBox(opts.name, opts.log, opts.feedback);
    const help: Command = async (_args, asker) => ({
      notice: { kind: "help", sources: opts.qa.sources(), examples: opts.qa.exampleQuestions(), language: await languageOf(asker) },
    });
    this.command("start", help);
    this.command("help", help);
    this.command("sources", () => ({ notice: { kind: "sources", sources: opts.qa.sources() } }));
    this.command("ask", async (args, asker) => (args ? { ask: args } : { notice: await this.usage("command", asker) }));
    // `/quote N`: source N of the answer replied to, else of the latest answer here.
    this.command("quote", (args, asker) => {
      const answer = (asker.repliedTo !== undefined ? this.votes.recall(asker.conversation, asker.repliedTo) : undefined) ?? this.votes.recall(asker.conversation);
      return { notice: quoteNotice(opts.qa, answer?.citations, quotePick(args)) };
    });
    if (opts.documents) this.documents = this.documentCommands(new ChatDocuments(opts.documents, opts.log));
  }

  // ---- document management (core/documents.ts) ----

  private documentCommands(docs: ChatDocuments): ChatDocuments {
    const who = async (asker: Asker) => ({ user: asker.chatUser, language: await languageOf(asker) });
    const slow =
      (work: (args: string, asker: Asker) => Promise<Notice>): Command =>
      async (args, asker) => ({
        run: () => work(args, asker),
        pending: { kind: "document-working", language: await languageOf(asker) },
      });
    this.command("sources", async (_args, asker) => ({ notice: await docs.list(await who(asker)) }));
    this.command(
      "remove",
      slow(async (args, asker) => docs.remove(args, await who(asker))),
    );
    this.command(
      "reindex",
      slow(async (_args, asker) => docs.reindex(await who(asker))),
    );
    return docs;
  }

  /** A file a user sent in a private chat: added to the corpus when an admin sent it (in the
   * conversation's turn, so the next question there is answered from it). Never rejects. */
  receiveFile<Sent>(file: IncomingFile, asker: Asker, reply: Reply<M, Sent>): Promise<void> {
    return this.queue.push(asker.conversation, async () => {
      const docs = this.documents;
      if (!this.allows(asker.place)) return this.tell(reply, { kind: "not-allowed", place: asker.place[0] ?? "" });
      if (!docs) return this.tell(reply, { kind: "not-text" });
      const language = await languageOf(asker);
      await this.tell(reply, await this.settle(() => docs.add(file, { user: asker.chatUser, language }), reply));
    });
  }

  /** Runs slow work (showing that the bot is busy) to its notice; an apology when it failed. Never rejects. */
  async settle(work: () => Promise<Notice>, reply?: Pick<Reply<M>, "working">): Promise<Notice> {
    const stopWorking = reply?.working?.();
    try {
      return await work();
    } catch (err) {
      this.opts.log.error(`${this.name}: document work failed`, { error: err });
      return { kind: "apology" };
    } finally {
      stopWorking?.();
    }
  }

  /** Adds (or replaces) a command, e.g. /remove or /reindex for admins. */
  command(name: string, run: Command): void {
    this.commands.set(name.toLowerCase(), run);
  }

  /** Whether the bot may answer in a place with these names. */
  allows(place: readonly string[]): boolean {
    return listAllows(this.opts.allowlist, place);
  }

  /** The quick checks, in order, counting a question against the limit; never throws. Quick
   * enough for an acknowledgement due within seconds (Slack's /ask) to carry the notice. */
  async triage(req: Request, asker: Asker): Promise<Outcome> {
    try {
      if (!this.allows(asker.place)) return { notice: { kind: "not-allowed", place: asker.place[0] ?? "" } };
      if (req.kind === "not-text") return { notice: { kind: "not-text" } };
      if (req.kind === "question") return req.text ? await this.limited(req.text, asker) : { notice: await this.usage("mention", asker) };
      const run = this.commands.get(req.name.toLowerCase());
      // An unknown "/other" in a group may be for another bot: only answered when surely ours.
      if (!run) return req.explicit ? { notice: { kind: "unknown-command" } } : { none: true };
      const outcome = await run(req.args, asker);
      return "ask" in outcome ? await this.limited(outcome.ask, asker) : outcome;
    } catch (err) {
      // e.g. the help text could not list the documents; the reply must still go out.
      this.opts.log.error(`${this.name}: triage failed`, { conversation: asker.logId, error: err });
      return { notice: { kind: "apology" } };
    }
  }

  /** Triage now (limits count arrivals), then in the conversation's turn the notice or the
   * answer. Resolves once the reply was sent; never rejects. */
  receive<Sent>(req: Request, asker: Asker, reply: Reply<M, Sent>): Promise<void> {
    const outcome = this.triage(req, asker);
    return this.queue.push(asker.conversation, async () => {
      const o = await outcome;
      if ("notice" in o) await this.tell(reply, o.notice);
      else if ("ask" in o) await this.answer(o.ask, asker, reply);
      else if ("run" in o) await this.tell(reply, await this.settle(o.run, reply));
    });
  }

  /** Runs work in the background, after the conversation's earlier work (no key: at once). */
  later(conversation: string | undefined, work: () => Promise<void>): Promise<void> {
    return this.queue.push(conversation, work);
  }

  /** Sends a notice where only the asker sees it (when the channel can). */
  async tell<Sent>(reply: Reply<M, Sent>, notice: Notice): Promise<void> {
    const send = reply.sendPrivately ?? reply.send;
    for (const msg of this.opts.texts.notice(notice)) await send(msg);
  }

  /** Asks the QaService and sends the answer; on failure the user's words or an apology. Never throws. */
  async answer<Sent>(question: string, asker: Asker, reply: Reply<M, Sent>): Promise<void> {
    const { log } = this.opts;
    const name = this.name;
    const conversation = asker.logId;
    // An acknowledged event is not delivered again: should the process die now (kill -9),
    // this line without its "answered" is the trace of a question left unanswered.
    log.info(`${name}: answering`, { conversation });
    const stopWorking = reply.working?.();
    const stream = new StreamingReply(reply.drafts, reply.send, log, name);
    try {
      const answer = await this.opts.qa.ask(question, { chatId: asker.memory, onPartial: reply.drafts && stream.push });
      const last = await stream.finish(reply.render?.(answer) ?? this.opts.texts.answer(answer));
      // Small talk is the bot's own words: nothing to vote on.
      if (answer.kind !== "chat" && last !== undefined && reply.messageId) {
        this.votes.remember(asker.conversation, reply.messageId(last), { question, answer: answer.answer, citations: answer.citations, indexVersion: answer.indexVersion });
      }
      log.info(`${name}: answered`, { conversation, kind: answer.kind, citations: answer.citations.length, ms: answer.timings.totalMs });
    } catch (err) {
      if (err instanceof BadQuestionError) {
        await this.tell(reply, { kind: "bad-question", message: err.message }).catch((e: unknown) => log.warn(`${name}: could not send a reply`, { error: e }));
        return;
      }
      log.error(`${name} answer failed`, { conversation, error: err, outcome: "answering failed: the user gets an apology" });
      await stream.finish(this.opts.texts.notice({ kind: "apology" })).catch((e: unknown) => log.error(`${name}: could not send the apology`, { error: e }));
    } finally {
      stopWorking?.();
    }
  }

  /**
   * Records a vote on an answer, once per answer. After a 👎, `prompt` (where the channel can ask
   * in a message the user replies to) gets the request for an optional reason.
   */
  async vote<Sent>(ballot: Ballot, prompt?: Reply<M, Sent>): Promise<VoteOutcome> {
    const outcome = await this.votes.cast(ballot);
    if (outcome === "thanks" && ballot.vote === "down" && prompt?.messageId) {
      try {
        let sent: Sent | undefined;
        for (const msg of this.opts.texts.notice({ kind: "reason-prompt" })) sent = await prompt.send(msg);
        if (sent !== undefined) this.reasons.add(ballot.conversation, prompt.messageId(sent), ballot.messageId);
      } catch (err) {
        this.opts.log.warn(`${this.name}: could not ask for a reason`, { error: err });
      }
    }
    return outcome;
  }

  /** The answer a reply to `repliedTo` gives a reason for, when that is the bot's request for one (asked once). */
  reasonRequested(conversation: string, repliedTo: string | number): string | number | undefined {
    return this.reasons.has(conversation, repliedTo) ? this.reasons.take(conversation, repliedTo) : undefined;
  }

  /**
   * Stores the reason for a 👎 with what was answered (question, answer, citations, index version)
   * and tells `reply` it was noted. An empty reason stores nothing (the vote stays). Never throws.
   */
  async giveReason<Sent>(given: GivenReason, reply?: Reply<M, Sent>): Promise<void> {
    const answered = this.votes.recall(given.conversation, given.answerId) ?? given.shown;
    let notice: Notice | undefined;
    try {
      if (!answered) throw new Error("the answer voted on is not known here");
      if (!this.opts.feedback) throw new Error("no feedback store");
      const stored = await this.opts.feedback.recordReason({ channel: this.name, who: given.who, ...answered, reason: given.text });
      if (stored) notice = { kind: "reason-noted" };
    } catch (err) {
      this.opts.log.error(`${this.name}: reason not recorded`, { error: err });
      notice = { kind: "apology" };
    }
    if (notice && reply) await this.tell(reply, notice).catch((e: unknown) => this.opts.log.warn(`${this.name}: could not send a reply`, { error: e }));
  }

  /** "Show in context": every cited passage of the answer sent as `answerId` (`cited`: what its button carries, for an answer not remembered). */
  async showContext<Sent>(at: { conversation: string; answerId: string | number; cited?: NumberedSpan[] }, reply: Reply<M, Sent>): Promise<void> {
    const citations = this.votes.recall(at.conversation, at.answerId)?.citations ?? at.cited;
    await this.tell(reply, quoteNotice(this.opts.qa, citations, "all")).catch((e: unknown) => this.opts.log.warn(`${this.name}: could not send a reply`, { error: e }));
  }

  /** Lets the work queued or running finish, for at most `timeoutMs`; says so when it did not. */
  async drain(timeoutMs: number): Promise<void> {
    if (!(await this.queue.drain(timeoutMs))) this.opts.log.warn(`${this.name}: stopped with answers still running`, { count: this.queue.size });
  }

  private async limited(question: string, asker: Asker): Promise<Outcome> {
    const verdict = await this.limit.take(asker.user);
    if (verdict.allowed) return { ask: question };
    return verdict.tell || this.opts.tellEveryRefusal ? { notice: { kind: "rate-limited", retryAfterS: verdict.retryAfterS } } : { none: true };
  }

  private async usage(via: "mention" | "command", asker: Asker): Promise<Notice> {
    return { kind: "usage", via, example: this.opts.qa.exampleQuestions()[0], language: await languageOf(asker) };
  }
}

async function languageOf(asker: Asker): Promise<Language> {
  return (await asker.language?.().catch(() => undefined)) ?? "en";
}
