// Example questions for a corpus without `.planbot-examples.txt`: one per document, from its
// title (its first heading) or else the opening words of its first sentence.
import type { LoadedIndex } from "../index/loaded-index.js";

const MAX_TOPIC_CHARS = 60;

export function derivedExamples(index: LoadedIndex, max = 3): string[] {
  const out: string[] = [];
  for (const source of index.sources()) {
    if (out.length >= max) break;
    const doc = index.document(source) ?? "";
    const first = index.sentences(source)[0];
    if (!first) continue;
    const topic = shorten(
      doc
        .slice(first.start, first.end)
        .replace(/^#+\s*/, "")
        .replace(/[.!?:;]+$/, ""),
    );
    if (topic) out.push(`What does the document say about “${topic}”?`);
  }
  return out;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= MAX_TOPIC_CHARS) return flat;
  const cut = flat.slice(0, MAX_TOPIC_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), MAX_TOPIC_CHARS / 2))}…`;
}
