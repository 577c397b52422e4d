// Slack message text → the question as the user meant it: Slack's <...> markup and &amp;-escapes
// undone, and the mention that addressed the bot removed.

export function questionFromSlackText(text: string | undefined, botUserId?: string): string {
  let t = text ?? "";
  // The leading mention is how the bot was addressed, whoever Slack says it is.
  t = t.replace(/^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s,:]*/, "");
  t = t.replace(/<([^<>]*)>/g, (_all, inner: string) => {
    const [target = "", label] = inner.split("|", 2);
    if (target.startsWith("@")) return target.slice(1) === botUserId ? "" : "@" + (label ?? target.slice(1));
    if (target.startsWith("#")) return "#" + (label ?? target.slice(1));
    if (target.startsWith("!")) return label ?? ""; // @here, @channel, dates
    return label ?? target; // links
  });
  t = t.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  return t.replace(/\s+/g, " ").trim();
}

export function isHelpRequest(question: string): boolean {
  return /^(help|\?|帮助|？)$/i.test(question.trim());
}
