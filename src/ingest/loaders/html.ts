// HTML: the text a reader sees. Scripts, styles and other hidden parts are dropped;
// block elements become paragraph breaks so the splitter sees the page's structure.
import { Parser } from "htmlparser2";
import { htmlSourceUrl } from "./source-url.js";
import { decodeUtf8 } from "./text.js";
import type { LoadResult } from "./types.js";

const HIDDEN = new Set(["script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "head"]);
const BLOCK = new Set(
  `address article aside blockquote dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3
h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot tr ul caption`.split(/\s+/),
);
const CELL = new Set(["td", "th"]);

// Inline styles that hide text from a reader while leaving it in the page: a reader never sees
// it, so it must not be quoted (a page can hide instructions for a model this way).
const HIDING_STYLE = [
  /(?:^|;)\s*display\s*:\s*none/i,
  /(?:^|;)\s*visibility\s*:\s*(?:hidden|collapse)/i,
  /(?:^|;)\s*opacity\s*:\s*0*(?:\.0*)?\s*(?:!important\s*)?(?:;|$)/i,
  /(?:^|;)\s*font-size\s*:\s*0+(?:\.0*)?(?:px|pt|em|rem|%)?\s*(?:!important\s*)?(?:;|$)/i,
  /(?:^|;)\s*(?:left|top|right|bottom|text-indent|margin-left|margin-top)\s*:\s*-\d{4,}(?:\.\d*)?(?:px|pt|em|rem)?/i,
  /(?:^|;)\s*clip\s*:\s*rect\(\s*0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?\s*\)/i,
  /(?:^|;)\s*(?:width|height|max-width|max-height)\s*:\s*0+(?:px)?\s*;[^]*overflow\s*:\s*hidden/i,
];

function isHidden(attrs: Record<string, string>): boolean {
  if ("hidden" in attrs || attrs["aria-hidden"]?.trim().toLowerCase() === "true") return true;
  const style = attrs.style;
  return style !== undefined && HIDING_STYLE.some((re) => re.test(style));
}

export async function loadHtml(bytes: Buffer): Promise<LoadResult> {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return decoded;
  const url = htmlSourceUrl(decoded.text);
  return { ok: true, text: htmlToText(decoded.text), ...(url ? { meta: { url } } : {}) };
}

export function htmlToText(html: string): string {
  const out: string[] = [];
  let hidden = 0;
  let title = "";
  let inTitle = false;
  let pre = 0;
  // The last two characters written (out never holds empty strings, so this looks at ≤ 2 entries).
  const tail2 = () => {
    let t = "";
    for (let i = out.length - 1; i >= 0 && t.length < 2; i--) t = out[i]! + t;
    return t.slice(-2);
  };
  const breakLine = (blank: boolean) => {
    // Collapse runs of breaks: at most one blank line between blocks.
    while (out.length && / $/.test(out[out.length - 1]!)) {
      const trimmed = out[out.length - 1]!.replace(/ +$/, "");
      if (trimmed) out[out.length - 1] = trimmed;
      else out.pop();
    }
    const tail = tail2();
    if (out.length === 0) return;
    if (blank && tail !== "\n\n") out.push(tail.endsWith("\n") ? "\n" : "\n\n");
    else if (!blank && !tail.endsWith("\n")) out.push("\n");
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === "title") inTitle = true;
        // Inside a hidden element every tag nests one level deeper; close tags unwind it.
        if (hidden || HIDDEN.has(name) || isHidden(attrs)) {
          hidden++;
          return;
        }
        if (name === "pre") pre++;
        if (BLOCK.has(name)) breakLine(true);
        else if (name === "br") breakLine(false);
        else if (CELL.has(name)) out.push(" ");
      },
      ontext(text) {
        if (inTitle) title += text;
        if (hidden) return;
        const t = pre ? text : text.replace(/\s+/g, " ");
        const atLineStart = out.length === 0 || out[out.length - 1]!.endsWith("\n");
        const piece = atLineStart ? t.replace(/^ +/, "") : t;
        if (piece) out.push(piece);
      },
      onclosetag(name, implied) {
        if (name === "title") inTitle = false;
        if (hidden) {
          hidden--;
          return;
        }
        if (name === "pre" && pre) pre--;
        if (BLOCK.has(name) && !implied) breakLine(true);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  let body = out
    .join("")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  title = title.replace(/\s+/g, " ").trim();
  // The <title> becomes the first line unless the page already starts with it.
  if (title && !body.startsWith(title)) body = body ? `${title}\n\n${body}` : title;
  return body;
}
