// The layout's rules (docs/architecture.md, Layout), checked on the import lines of src/:
// what ships imports only what ships, and the index depends on contracts, not on its callers.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/run.js";

/** Every relative import of every file under src/, as [importer, imported], both relative to the root. */
function sourceImports(): [string, string][] {
  const out: [string, string][] = [];
  const files = readdirSync(path.join(ROOT, "src"), { recursive: true, encoding: "utf8" }).filter((f) => /\.(ts|mts|mjs)$/.test(f));
  for (const f of files) {
    const file = path.join("src", f);
    const text = readFileSync(path.join(ROOT, file), "utf8");
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) out.push([file, path.join(path.dirname(file), m[1]!)]);
  }
  return out;
}

describe("layout", () => {
  const imports = sourceImports();

  it("finds the imports it checks", () => {
    expect(imports.length).toBeGreaterThan(300);
    expect(imports).toContainEqual(["src/index/folder/folder-store.ts", "src/index/store.js"]);
  });

  it("src/ imports nothing from outside src/", () => {
    expect(imports.filter(([, to]) => !to.startsWith("src/"))).toEqual([]);
  });

  it("the index does not import ingest, and its two stores do not import each other", () => {
    const crossing = imports.filter(
      ([from, to]) =>
        (from.startsWith("src/index/") && to.startsWith("src/ingest/")) ||
        (from.startsWith("src/index/folder/") && to.startsWith("src/index/pg/")) ||
        (from.startsWith("src/index/pg/") && to.startsWith("src/index/folder/")),
    );
    expect(crossing).toEqual([]);
  });

  it("the index's contracts do not import a store; only the wiring (store-factory, migrate) picks one", () => {
    const wiring = new Set(["src/index/store-factory.ts", "src/index/migrate.ts"]);
    const contracts = imports.filter(([from]) => path.dirname(from) === "src/index" && !wiring.has(from));
    expect(contracts.length).toBeGreaterThan(5);
    expect(contracts.filter(([, to]) => /^src\/index\/(folder|pg)\//.test(to))).toEqual([]);
  });
});
