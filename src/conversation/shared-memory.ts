// Conversation memory that every replica sees (REDIS_URL): a follow-up may reach another replica
// than the question before it. Each chat is one list in the shared state, kept to its last
// maxTurns and forgotten ttlMs after its last turn; a turn older than ttlMs is left out when read,
// as in this process's ConversationMemory. (The cap on chats is Redis's expiry here.)
import type { SharedState } from "../state/shared-state.js";
import { DEFAULT_MEMORY, shortenAnswer, type ChatMemory, type MemoryOptions, type Turn } from "./memory.js";

export class SharedConversationMemory implements ChatMemory {
  private readonly maxTurns: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly state: SharedState,
    opts: Omit<MemoryOptions, "maxChats"> = {},
  ) {
    this.maxTurns = opts.maxTurns ?? DEFAULT_MEMORY.maxTurns;
    this.ttlMs = opts.ttlMs ?? DEFAULT_MEMORY.ttlMs;
    this.now = opts.now ?? Date.now;
  }

  async recent(chatId: string): Promise<Turn[]> {
    const t = this.now();
    return (await this.state.list(key(chatId))).map(parseTurn).filter((turn): turn is Turn => turn !== undefined && t - turn.at < this.ttlMs);
  }

  async add(chatId: string, question: string, answer: string): Promise<void> {
    const turn: Turn = { question, answer: shortenAnswer(answer), at: this.now() };
    await this.state.append(key(chatId), JSON.stringify(turn), this.maxTurns, this.ttlMs);
  }
}

function key(chatId: string): string {
  return `memory:${chatId}`;
}

/** A stored turn, or undefined for anything else (written by another version, say). */
function parseTurn(raw: string): Turn | undefined {
  try {
    const t = JSON.parse(raw) as Partial<Turn>;
    if (typeof t.question === "string" && typeof t.answer === "string" && typeof t.at === "number") return { question: t.question, answer: t.answer, at: t.at };
  } catch {
    // not JSON
  }
  return undefined;
}
