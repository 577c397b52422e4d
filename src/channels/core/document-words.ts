// The words every channel uses for document management, in plain text (each adapter escapes
// and marks them up): one line of facts per document, and the short leads around
// DocumentAdmin's (English) messages.
import type { DocumentInfo } from "../../admin/documents.js";
import type { Language } from "../../text/language.js";

export const DOCUMENT_WORDS: Record<
  Language,
  { title: (n: number) => string; none: string; more: (n: number) => string; done: string; refused: string; working: string; removeUsage: string; listHint: string }
> = {
  en: {
    title: (n) => `Documents I can quote (${n.toLocaleString("en-US")})`,
    none: "My index holds no documents yet.",
    more: (n) => `… and ${n.toLocaleString("en-US")} more`,
    done: "✅ ",
    refused: "⚠️ ",
    working: "⏳ Working on it…",
    removeUsage: "Put the document's name after the command, for example:",
    listHint: "/sources lists the documents.",
  },
  zh: {
    title: (n) => `我可以引用的文档（${n}）`,
    none: "我的索引里还没有文档。",
    more: (n) => `…还有 ${n} 个`,
    done: "✅ 已完成：",
    refused: "⚠️ 未执行：",
    working: "⏳ 正在处理…",
    removeUsage: "请在命令后写上文档名，例如：",
    listHint: "/sources 列出所有文档。",
  },
};

/** "12.3 KB · 42 chunks · added 2026-12-04 18:57 UTC" (or its Chinese). */
export function documentFacts(doc: DocumentInfo, lang: Language): string {
  const size = doc.bytes < 1024 ? `${doc.bytes} B` : doc.bytes < 1048576 ? `${(doc.bytes / 1024).toFixed(1)} KB` : `${(doc.bytes / 1048576).toFixed(1)} MB`;
  const when = doc.addedAt ? doc.addedAt.slice(0, 16).replace("T", " ") + " UTC" : undefined;
  const parts = lang === "zh" ? [size, `${doc.chunks} 个片段`, ...(when ? [`添加于 ${when}`] : [])] : [size, `${doc.chunks} chunk${doc.chunks === 1 ? "" : "s"}`, ...(when ? [`added ${when}`] : [])];
  return parts.join(" · ");
}
