// The terminal chat: a prompt when a person types, or one answer per line of piped input
// (`printf 'question\n' | npm start`), ending at end of input. Lines go through the same
// conversation core as the chat platforms (commands, answers, the user's words for a question
// that cannot be asked, an apology for a failure); with no platform, allowlist or rate limit.
import readline from "node:readline";
import { formatForTerminal } from "../format/terminal.js";
import { visibleName, visibleText } from "../format/visible-text.js";
import { createLogger, type Logger } from "../log.js";
import type { QaService } from "../types.js";
import { Conversation, type Asker, type Request } from "./core/conversation.js";
import type { Notice, Texts } from "./core/notices.js";

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Draws a prompt and greets the user; off when input is piped. */
  interactive: boolean;
  /** Where failures are logged (default: errors only, on stderr: the chat is on stdout). */
  log?: Logger;
}

const HELP = `Ask a question about the documents and press Enter. Commands: /sources, /help, /quit.`;

export async function runConsole(qa: QaService, opts: ConsoleOptions): Promise<void> {
  const rl = readline.createInterface({ input: opts.input, output: opts.interactive ? opts.output : undefined, terminal: opts.interactive });
  const write = async (s: string) => void opts.output.write(s + "\n");
  const conversation = new Conversation<string>({
    name: "console",
    qa,
    log: opts.log ?? createLogger({ level: "error" }),
    texts: terminalTexts(opts.interactive),
    perMinute: 0,
  });
  // A person at the prompt asks follow-ups; piped lines are separate questions.
  const asker: Asker = { conversation: "console", user: "console", place: [], memory: opts.interactive ? "console" : undefined, logId: "console" };
  if (opts.interactive) {
    await write(`planbot: ${qa.sources().length} document(s) loaded. ${HELP}`);
    const examples = qa.exampleQuestions();
    if (examples.length) await write(`For example: ${visibleText(examples[0]!)}`);
    rl.setPrompt("> ");
    rl.prompt();
  }
  // Lines are answered one at a time and in order, even when piped in faster than answered.
  for await (const line of rl) {
    const text = line.trim();
    if (text === "/quit" || text === "/exit") break;
    if (text) await conversation.receive(requestOf(text), asker, { send: write });
    if (opts.interactive) rl.prompt();
  }
  rl.close();
}

/** /help and /sources are commands; every other line is a question. */
function requestOf(text: string): Request {
  return text === "/help" || text === "/sources" ? { kind: "command", name: text.slice(1), args: "", explicit: true } : { kind: "question", text };
}

function terminalTexts(color: boolean): Texts<string> {
  return { notice: (n) => [noticeText(n)], answer: (answer) => [formatForTerminal(answer, { color }) + "\n"] };
}

function noticeText(n: Notice): string {
  if (n.kind === "sources") return n.sources.map((s) => `- ${visibleName(s)}`).join("\n") || "(no documents)";
  if (n.kind === "bad-question") return n.message;
  if (n.kind === "apology") return "Sorry, something went wrong while preparing the answer. Please try again.";
  // Help, and what the terminal never hears (no allowlist, no limit, only text, two commands).
  return HELP;
}
