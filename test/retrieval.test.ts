import { describe, expect, it } from "vitest";
import { planQa, PLAN_CORPUS, PLAN_DOC, TEST_STORE } from "./helpers/plan-qa.js";
import { readFileSync } from "node:fs";

const plan = readFileSync(`${PLAN_CORPUS}/${PLAN_DOC}`, "utf8");

// Questions in other words than the article, and a phrase that one of the top three passages
// and the answer must hold.
const CASES: Array<[string, string]> = [
  ["Which district will host the banking and insurance technology cluster?", "Shijingshan"],
  ["Who put out Beijing's financial technology development plan?", "Financial Work Bureau"],
  ["How many world-famous fintech firms does the city hope to attract by 2022?", "five to ten"],
  ["How many innovation hubs does Beijing want to build?", "three to five"],
  ["Where will the securities industry cluster be located?", "Fangshan"],
  ["Which area is meant for wealth management?", "Tongzhou"],
  ["How long was the Lieyunwang write-up?", "14,300 words"],
  ["What is the spatial layout pattern called?", "one district, one core"],
  ["Which technologies will be used for regulation and risk control?", "blockchain"],
  ["What larger plan does the fintech plan sit inside?", "Urban Master Plan"],
  ["Which company opened an artificial intelligence centre in the capital?", "Google"],
  ["Where does the plan want to find talent?", "colleges and universities"],
];

describe("hybrid retrieval on the plan", () => {
  it(`runs on the ${TEST_STORE} store`, async () => {
    const qa = await planQa();
    expect(qa.index.where).toMatch(TEST_STORE === "pgvector" ? /^postgres:\/\/.* version \d+$/ : /index\.v[^/]*$/);
  });

  it.each(CASES)("%s → “%s”", async (question, phrase) => {
    const qa = await planQa();
    const { retrieval, answer } = await qa.askTraced(question);
    expect(retrieval.passages.slice(0, 3).some((p) => p.chunk.text.includes(phrase))).toBe(true);
    expect(answer.abstained).toBe(false);
    expect(answer.answer).toContain(phrase);
    for (const c of answer.citations) expect(plan.slice(c.start, c.end)).toBe(c.text);
  });

  it("abstains on questions the article does not answer", async () => {
    const qa = await planQa();
    for (const q of [
      "What fintech targets has Shanghai set?",
      "How much money has Beijing budgeted for the plan?",
      "Who is the director of the Beijing Financial Work Bureau?",
      "北京金融科技发展规划的预算是多少？",
      "How do I bake sourdough bread?",
    ]) {
      const a = await qa.ask(q);
      expect(a.abstained, q).toBe(true);
      // Said in the question's language.
      expect(a.answer).toMatch(/[\u4e00-\u9fff]/.test(q) ? /^文档中没有答案。/ : /^The documents do not say\./);
    }
  });

  it("quotes the items of a list the best sentence announces", async () => {
    const qa = await planQa();
    const a = await qa.ask("What are the four themes of the plan?");
    for (const item of ["The first is", "The second is", "The third is", "The fourth is policy protection"]) expect(a.answer).toContain(item);
    expect(a.citations.length).toBeLessThanOrEqual(8);
  });

  it("marks every [n] against an existing citation", async () => {
    const qa = await planQa();
    const a = await qa.ask("What are the four themes of the plan?");
    const markers = [...a.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(markers.length).toBeGreaterThan(0);
    for (const n of markers) expect(a.citations.some((c) => c.n === n)).toBe(true);
  });

  it("refuses an empty or huge question with a clear message", async () => {
    const qa = await planQa();
    await expect(qa.ask("   \n\t ")).rejects.toThrow(/type a question/);
    await expect(qa.ask("why ".repeat(5000))).rejects.toThrow(/too long/);
  });
});
