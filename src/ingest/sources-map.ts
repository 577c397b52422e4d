// corpus/.planbot-sources.json: original addresses for documents that cannot carry one
// themselves (plain text), as { "path/in/corpus.txt": "https://…" }. A dotfile, so never indexed.
// An entry here wins over the address a file records itself. A broken map is reported, not fatal.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { webUrl } from "./loaders/source-url.js";

export const SOURCES_MAP_FILE = ".planbot-sources.json";

export async function readSourcesMap(corpusDir: string): Promise<{ urls: Map<string, string>; problem?: string }> {
  let text: string;
  try {
    text = await readFile(path.join(corpusDir, SOURCES_MAP_FILE), "utf8");
  } catch {
    return { urls: new Map() };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { urls: new Map(), problem: `${SOURCES_MAP_FILE} is not valid JSON; its addresses were ignored` };
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    return { urls: new Map(), problem: `${SOURCES_MAP_FILE} must be an object {"file": "https://…"}; ignored` };
  }
  const urls = new Map<string, string>();
  const bad: string[] = [];
  for (const [file, value] of Object.entries(raw as Record<string, unknown>)) {
    const url = webUrl(value);
    if (url) urls.set(file.replace(/\\/g, "/").replace(/^\.\//, ""), url);
    else bad.push(file);
  }
  return { urls, problem: bad.length ? `${SOURCES_MAP_FILE}: not an http(s) address for ${bad.slice(0, 3).join(", ")}${bad.length > 3 ? ", …" : ""}` : undefined };
}
