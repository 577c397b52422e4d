// BM25 from Postgres' postings table (src/index/pg/postings.ts) ranks exactly as the folder's
// in-memory BM25: same scores to the last bit, same order, ties by lower chunk index. A corpus
// whose common terms are in most chunks, on a real server (native when installed, else PGlite).
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Bm25Index, type WeightedTerm } from "../src/index/bm25.js";
import { readLengths, readPostings, writePostings } from "../src/index/pg/postings.js";
import { terms } from "../src/text/tokenize.js";
import { startPgServer } from "./helpers/pg-server.js";

/** A word as the tokenizer indexes it (stemmed). */
const t = (word: string) => terms(word)[0] ?? word;

const CHUNKS = 3000;
const WORDS = ["revenue", "total", "net", "income", "year", "plan", "district", "port", "river", "bridge", "tower", "growth"];

/** Deterministic texts: the first words in nearly every chunk, later ones rarer; lengths vary. */
function texts(): string[] {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: CHUNKS }, () => {
    const n = 3 + Math.floor(next() * 40);
    return Array.from({ length: n }, () => WORDS[Math.floor(next() ** 2 * WORDS.length)]).join(" ");
  });
}

let db: pg.Pool;
beforeAll(async () => {
  const server = await startPgServer();
  db = new pg.Pool({ connectionString: server.url, max: 1 });
}, 120_000);
afterAll(() => db?.end());

it("gives the folder's BM25 top-k, scores and order, for common and rare terms", async () => {
  const all = texts();
  const folder = Bm25Index.build(all);
  const data = folder.toJSON();
  const client = await db.connect();
  let lengths: number[];
  try {
    await client.query("CREATE TABLE t (i int, len int)");
    await client.query("INSERT INTO t SELECT * FROM unnest($1::int[], $2::int[])", [all.map((_, i) => i), data.docLengths]);
    await client.query("BEGIN");
    await writePostings(client, "t", data);
    await client.query("COMMIT");
    lengths = await readLengths(client, "t");
  } finally {
    client.release();
  }
  expect(lengths).toEqual(data.docLengths);
  const fromPg = new Bm25Index({ k1: data.k1, b: data.b, docLengths: lengths, postings: {} });
  const queries: WeightedTerm[][] = [
    [{ term: t("revenue"), weight: 1 }],
    [
      { term: t("revenue"), weight: 1 },
      { term: t("total"), weight: 1 },
      { term: t("net"), weight: 1 },
    ],
    [
      { term: t("growth"), weight: 1 },
      { term: t("revenue"), weight: 0.5 },
      { term: t("tower"), weight: 0.3 },
      { term: t("missing"), weight: 1 },
    ],
    [
      { term: t("income"), weight: 1 },
      { term: t("income"), weight: 0.2 },
      { term: t("bridge"), weight: 1 },
    ],
  ];
  for (const query of queries) {
    for (const k of [1, 10, 30, CHUNKS + 5]) {
      const postings = await readPostings(db, "t", [...new Set(query.map((q) => q.term))]);
      expect(fromPg.searchIn(postings, query, k)).toEqual(folder.search(query, k));
    }
  }
  expect(folder.docFreq(t("revenue"))).toBeGreaterThan(CHUNKS / 2); // a common term indeed
});
