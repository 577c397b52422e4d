// A document's original address, as the file itself records it: Markdown front matter (`url:`),
// HTML's <link rel="canonical"> or <meta property="og:url">, a PDF's document information or
// XMP metadata. Only absolute http(s) addresses are kept.
import { Parser } from "htmlparser2";

const MAX_URL_CHARS = 2000;

/** The address when it is an absolute http(s) URL of sane length, normalised; else undefined. */
export function webUrl(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  const text = raw.trim().replace(/^["']|["']$/g, "");
  if (!text || text.length > MAX_URL_CHARS) return undefined;
  try {
    const u = new URL(text);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** `url:` (or `source:`, `canonical_url:`) in YAML front matter at the very start of a Markdown file. */
export function frontMatterUrl(text: string): string | undefined {
  const m = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return undefined;
  for (const key of ["url", "canonical_url", "source"]) {
    const line = new RegExp(`^${key}[ \\t]*:[ \\t]*(.+)$`, "mi").exec(m[1]!);
    const url = webUrl(line?.[1]);
    if (url) return url;
  }
  return undefined;
}

/** <link rel="canonical" href> first, else <meta property="og:url" content>. */
export function htmlSourceUrl(html: string): string | undefined {
  let canonical: string | undefined;
  let og: string | undefined;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === "link" && !canonical && (attrs.rel ?? "").toLowerCase().split(/\s+/).includes("canonical")) canonical = webUrl(attrs.href);
        if (name === "meta" && !og && (attrs.property ?? attrs.name ?? "").toLowerCase() === "og:url") og = webUrl(attrs.content);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return canonical ?? og;
}

/** A PDF's address: a custom /URL (or /Source) entry of its information dictionary, else XMP's dc:source. */
export function pdfSourceUrl(info: unknown, xmp: { get(name: string): unknown } | null | undefined): string | undefined {
  const custom = (info as { Custom?: Record<string, unknown> } | null)?.Custom ?? {};
  for (const key of Object.keys(custom)) {
    if (/^(url|uri|source|sourceurl)$/i.test(key)) {
      const url = webUrl(custom[key]);
      if (url) return url;
    }
  }
  return webUrl(xmp?.get("dc:source")) ?? webUrl(xmp?.get("xmp:baseurl"));
}
