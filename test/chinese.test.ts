// Chinese questions: the language test, the translation of a question into weighted English
// terms, and the real service answering Chinese questions over English and Chinese documents
// with exact quotes.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { translateQuery } from "../src/retrieval/translate.js";
import { detectLanguage } from "../src/text/language.js";
import { terms } from "../src/text/tokenize.js";
import type { Answer } from "../src/types.js";
import { corpusQa, planQa, PLAN_CORPUS, PLAN_DOC } from "./helpers/plan-qa.js";

const CHINESE_CORPUS = path.resolve(import.meta.dirname, "fixtures/chinese-corpus");

/** A corpus that holds exactly the index terms of `text`. */
const corpusOf = (text: string) => {
  const have = new Set(terms(text));
  return (t: string) => have.has(t);
};

async function expectExactQuotes(answer: Answer, corpusDir: string): Promise<void> {
  expect(answer.citations.length).toBeGreaterThan(0);
  for (const c of answer.citations) {
    const doc = (await readFile(path.join(corpusDir, c.source), "utf8")).replace(/^\uFEFF/, "");
    expect(doc.slice(c.start, c.end)).toBe(c.text);
  }
}

describe("detectLanguage", () => {
  it("tells Chinese from English by script, a Chinese question with an English name included", () => {
    expect(detectLanguage("北京的金融科技目标是什么？")).toBe("zh");
    expect(detectLanguage("谷歌在北京的AI中心想找什么人才？")).toBe("zh");
    expect(detectLanguage("What does the plan say about 北京?")).toBe("en");
    expect(detectLanguage("Which district?")).toBe("en");
  });
});

describe("translateQuery", () => {
  const corpus = corpusOf("Beijing wants five to ten fintech companies by 2022 in Tongzhou District; Google opened an AI centre to develop talent and growth.");

  it("keeps numbers and Latin words, glosses the rest, and renders an English question", () => {
    const q = translateQuery("北京希望到2022年吸引多少家AI公司？", corpus);
    const byTerm = new Map(q.terms.map((t) => [t.term, t]));
    expect(byTerm.get("2022")?.weight).toBe(1);
    expect(byTerm.get("ai")?.weight).toBe(1);
    expect(byTerm.get("beij")?.original).toBe(true);
    expect(byTerm.has("compani")).toBe(true);
    expect(q.text).toMatch(/^Beijing .*how many .*compan/);
    expect(q.names).toContain("Beijing");
    expect(q.names).toContain("AI");
  });

  it("lets a word's senses share its weight, the likeliest (found in the corpus) weighing most", () => {
    // 发展: development, growth, to develop, to grow, to expand.
    const q = translateQuery("发展", corpus);
    const weights = q.terms.filter((t) => !t.term.match(/\p{Script=Han}/u)).map((t) => t.weight);
    expect(Math.max(...weights)).toBe(1);
    expect(weights.filter((w) => w === 1)).toHaveLength(1);
    // Senses the corpus has no word of are dropped ("expand").
    expect(q.terms.map((t) => t.term)).not.toContain("expand");
  });

  it("names a place the documents never mention by its Chinese name, and one they do by its English", () => {
    expect(translateQuery("上海的目标是什么？", corpus).names).toEqual(["上海"]);
    expect(translateQuery("通州区在哪里？", corpus).names).toEqual(["Tongzhou"]);
  });

  it("reads a foreign name the dictionary lacks as a name, not as its syllables' glosses", () => {
    // 戈登森 (Goldenson) cut into 戈 "dagger-axe", 登 "to scale", 森 "forest": none is asked for.
    const q = translateQuery("戈登森的合并计划是什么？", corpusOf("Goldenson's merger plan for the forest and the mountain scale."));
    expect(q.terms.map((t) => t.term)).toEqual(expect.arrayContaining(["merg", "plan"]));
    expect(q.terms.map((t) => t.term)).not.toContain("forest");
    expect(q.terms.map((t) => t.term)).not.toContain("scale");
    expect(q.names).toEqual([]);
  });

  it("does not take a person's differently spelled name for something the documents lack", () => {
    // CEDICT: 忽必烈 "Khubilai Khan (1215-1294)"; the text says Kublai. 蒙古 "Mongolia", the text's Mongol.
    const text = corpusOf("Kublai Khan ruled the Mongol empire.");
    expect(translateQuery("忽必烈统治了哪个帝国？", text).names).toEqual([]);
    expect(translateQuery("蒙古帝国是谁统治的？", text).names).toEqual(["Mongol"]);
  });
});

describe("Chinese text as index terms", () => {
  it("holds jieba's words besides characters and pairs: a longer word whole, a pair that is a word twice", () => {
    const ts = terms("通州区将建设财富管理产业集群");
    expect(ts).toContain("通州区");
    expect(ts.filter((t) => t === "产业")).toHaveLength(2);
    // 区将 straddles two words: a pair, not a word.
    expect(ts.filter((t) => t === "区将")).toHaveLength(1);
  });
});

describe("the service, in Chinese", () => {
  it("answers a Chinese question about the English plan with the English sentence, quoted exactly", async () => {
    const qa = await planQa();
    const a = await qa.ask("银行保险科技产业集群设在哪个区？");
    expect(a.abstained).toBe(false);
    expect(a.citations[0]!.source).toBe(PLAN_DOC);
    expect(a.answer).toContain("a banking and insurance tech cluster in Shijingshan District");
    await expectExactQuotes(a, PLAN_CORPUS);
  });

  it("abstains, in Chinese, on a Chinese question about another city", async () => {
    const a = await (await planQa()).ask("深圳的金融科技规划有哪些目标？");
    expect(a.abstained).toBe(true);
    expect(a.answer).toMatch(/^文档中没有答案。 文档没有提到“深圳”。/);
  });

  it("answers a Chinese question from a Chinese document with an exact quote, and abstains on another city", async () => {
    const qa = await corpusQa(CHINESE_CORPUS);
    try {
      const a = await qa.ask("通州区将建设什么产业集群？");
      expect(a.abstained).toBe(false);
      expect(a.citations.some((c) => c.text.includes("通州区将建设财富管理产业集群"))).toBe(true);
      await expectExactQuotes(a, CHINESE_CORPUS);
      const other = await qa.ask("上海的金融科技规划是什么？");
      expect(other.abstained).toBe(true);
      expect(other.answer).toContain("文档没有提到“上海”");
    } finally {
      await qa.close();
    }
  });
});
