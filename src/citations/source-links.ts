// Citations that open: each gets its document's original address and, in a PDF, the page its
// quote begins on, from what the ingest recorded in the manifest (both stores keep it).
import type { Manifest, ManifestFile } from "../index/manifest.js";
import type { Answer, Citation } from "../types.js";

/** The answer with url and page set on the citations whose documents have them. */
export function withSourceLinks(answer: Answer, manifest: Manifest): Answer {
  if (answer.citations.length === 0) return answer;
  return { ...answer, citations: answer.citations.map((c) => linkCitation(c, manifest.files[c.source])) };
}

function linkCitation(c: Citation, file: ManifestFile | undefined): Citation {
  if (!file) return c;
  const page = pageAt(file.pages, c.start);
  return { ...c, ...(file.url ? { url: file.url } : {}), ...(page !== undefined ? { page } : {}) };
}

/** The page holding `offset` of a PDF's loaded text, from the page start offsets. */
export function pageAt(pages: ManifestFile["pages"], offset: number): number | undefined {
  if (!pages?.length) return undefined;
  let page = pages[0]![1];
  for (const [start, n] of pages) {
    if (start > offset) break;
    page = n;
  }
  return page;
}
