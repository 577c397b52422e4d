// After a 👎 the bot asks what was wrong, in a message the user may reply to (Telegram's force
// reply). Each prompt is remembered (bounded, in memory) with the answer it asks about, so that a
// reply to it is taken as the reason, once, and not as a question.

export class ReasonPrompts {
  /** "<conversation>:<prompt message id>" → the answer's message id. */
  private readonly prompts = new Map<string, string | number>();

  constructor(private readonly capacity = 2_000) {}

  add(conversation: string, promptId: string | number, answerId: string | number): void {
    this.prompts.set(`${conversation}:${promptId}`, answerId);
    // Map keeps insertion order: the first key is the oldest.
    while (this.prompts.size > this.capacity) this.prompts.delete(this.prompts.keys().next().value!);
  }

  /** Whether a message replying to `repliedTo` is a reason. */
  has(conversation: string, repliedTo: string | number): boolean {
    return this.prompts.has(`${conversation}:${repliedTo}`);
  }

  /** The answer a reply to the prompt is about; the prompt is answered once. */
  take(conversation: string, repliedTo: string | number): string | number | undefined {
    const key = `${conversation}:${repliedTo}`;
    const answerId = this.prompts.get(key);
    this.prompts.delete(key);
    return answerId;
  }
}
