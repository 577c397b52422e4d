// The last few turns of each chat, so a follow-up ("and which one for wealth management?")
// can be read in the light of what came before. In memory only, bounded three ways: turns per
// chat, chats in all (least recently used go first), and age (a turn expires after ttlMs).
// With several replicas the turns live in the shared state instead (shared-memory.ts).

export interface Turn {
  /** The question as answered (a follow-up already rewritten into a standalone question). */
  question: string;
  /** The answer's text, markers removed, shortened. */
  answer: string;
  at: number;
}

export interface MemoryOptions {
  /** Turns kept per chat (default 4). */
  maxTurns?: number;
  /** A turn is forgotten this long after it was added (default 30 minutes). */
  ttlMs?: number;
  /** Chats remembered at once; the least recently active are forgotten first (default 5000). */
  maxChats?: number;
  now?: () => number;
}

/** What the QaService needs of a memory: this process's (below) or the replicas' shared one. */
export interface ChatMemory {
  /** The chat's turns that have not expired, oldest first. */
  recent(chatId: string): Turn[] | Promise<Turn[]>;
  add(chatId: string, question: string, answer: string): void | Promise<void>;
}

export const DEFAULT_MEMORY = { maxTurns: 4, ttlMs: 30 * 60_000, maxChats: 5000 } as const;
const ANSWER_CHARS = 400;

export class ConversationMemory implements ChatMemory {
  private readonly chats = new Map<string, Turn[]>();
  private readonly maxTurns: number;
  private readonly ttlMs: number;
  private readonly maxChats: number;
  private readonly now: () => number;

  constructor(opts: MemoryOptions = {}) {
    this.maxTurns = opts.maxTurns ?? DEFAULT_MEMORY.maxTurns;
    this.ttlMs = opts.ttlMs ?? DEFAULT_MEMORY.ttlMs;
    this.maxChats = opts.maxChats ?? DEFAULT_MEMORY.maxChats;
    this.now = opts.now ?? Date.now;
  }

  /** The chat's turns that have not expired, oldest first. */
  recent(chatId: string): Turn[] {
    const turns = this.chats.get(chatId);
    if (!turns) return [];
    const fresh = turns.filter((t) => this.now() - t.at < this.ttlMs);
    if (fresh.length === 0) this.chats.delete(chatId);
    else if (fresh.length !== turns.length) this.chats.set(chatId, fresh);
    return [...fresh];
  }

  add(chatId: string, question: string, answer: string): void {
    const turns = this.recent(chatId);
    turns.push({ question, answer: shortenAnswer(answer), at: this.now() });
    // Re-inserting moves the chat to the end: Map order is least recently active first.
    this.chats.delete(chatId);
    this.chats.set(chatId, turns.slice(-this.maxTurns));
    this.sweep();
  }

  forget(chatId: string): void {
    this.chats.delete(chatId);
  }

  /** Chats currently remembered. */
  get size(): number {
    return this.chats.size;
  }

  private sweep(): void {
    while (this.chats.size > this.maxChats) this.chats.delete(this.chats.keys().next().value as string);
    // The oldest chats come first; stop at the first one still alive.
    for (const [id, turns] of this.chats) {
      if (this.now() - turns[turns.length - 1]!.at < this.ttlMs) break;
      this.chats.delete(id);
    }
  }
}

/** The answer as memory keeps it: no markers, one line, at most ~400 characters. */
export function shortenAnswer(text: string): string {
  const flat = text
    .replace(/\s*\[\d+\]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length <= ANSWER_CHARS ? flat : flat.slice(0, ANSWER_CHARS).replace(/\s+\S*$/, "") + "…";
}
