// The terminal chat: a prompt when a person types, or one answer per line of piped input
// (`printf 'question\n' | npm start`), ending at end of input.
import readline from "node:readline";
import { formatForTerminal } from "../format/terminal.js";
import { visibleName, visibleText } from "../format/visible-text.js";
import { BadQuestionError } from "../errors.js";
import type { QaService } from "../types.js";

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Draws a prompt and greets the user; off when input is piped. */
  interactive: boolean;
}

const HELP = `Ask a question about the documents and press Enter. Commands: /sources, /help, /quit.`;

export async function runConsole(qa: QaService, opts: ConsoleOptions): Promise<void> {
  const rl = readline.createInterface({ input: opts.input, output: opts.interactive ? opts.output : undefined, terminal: opts.interactive });
  const write = (s: string) => opts.output.write(s + "\n");
  if (opts.interactive) {
    write(`planbot: ${qa.sources().length} document(s) loaded. ${HELP}`);
    const examples = qa.exampleQuestions();
    if (examples.length) write(`For example: ${visibleText(examples[0]!)}`);
    rl.setPrompt("> ");
    rl.prompt();
  }
  // Lines are answered one at a time and in order, even when piped in faster than answered.
  for await (const line of rl) {
    const text = line.trim();
    if (text === "/quit" || text === "/exit") break;
    if (text === "/help") write(HELP);
    else if (text === "/sources") write(qa.sources().map((s) => `- ${visibleName(s)}`).join("\n") || "(no documents)");
    else if (text) {
      try {
        // A person at the prompt asks follow-ups; piped lines are separate questions.
        write(formatForTerminal(await qa.ask(text, opts.interactive ? { chatId: "console" } : undefined), { color: opts.interactive }) + "\n");
      } catch (err) {
        if (!(err instanceof BadQuestionError)) throw err;
        write(err.message);
      }
    }
    if (opts.interactive) rl.prompt();
  }
  rl.close();
}
