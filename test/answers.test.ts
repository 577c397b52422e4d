// The pieces behind the answers people expect: small talk is recognised only when the whole
// message is small talk, overviews by their wording, short answers are slices of their
// sentence, and a misspelt name is not another name.
import { describe, expect, it } from "vitest";
import { foldWord, passageWordSet, resemblesWordIn } from "../src/answer/abstention.js";
import { countedPhrase, expectedAnswerType } from "../src/answer/answer-type.js";
import { askedEntityClass, entityGap, namesOfClass } from "../src/answer/entity-class.js";
import { askedForWords, consequenceGap, focusGap, restCoverage, type FocusCheck } from "../src/answer/focus.js";
import { asksWhatIsDone, doneGap, reportsDone } from "../src/answer/modality.js";
import { directKind, shortAnswerSpan } from "../src/answer/highlight.js";
import { isOverviewQuestion } from "../src/answer/overview.js";
import { smallTalk } from "../src/conversation/small-talk.js";
import { detectLanguage } from "../src/text/language.js";
import { terms } from "../src/text/tokenize.js";
import { planQa } from "./helpers/plan-qa.js";

describe("small talk", () => {
  it.each([
    ["hi", "greeting"],
    ["Hey there 👋", "greeting"],
    ["GOOD MORNING!!", "greeting"],
    ["<@U0BOT> hello", "greeting"],
    ["Thank you so much 🙏", "thanks"],
    ["ok thanks bot", "thanks"],
    ["see you later", "goodbye"],
    ["/help", "help"],
    ["What can you do?", "help"],
    ["who are you?", "identity"],
    ["hi, who are you?", "identity"],
    ["你好！", "greeting"],
    ["谢谢", "thanks"],
    ["帮助", "help"],
    ["你能做什么？", "help"],
    ["你是谁", "identity"],
  ])("%s is small talk (%s)", (message, kind) => {
    expect(smallTalk(message)).toBe(kind);
  });

  it.each(["Hi, what does the plan say about big data?", "hello which district hosts the cluster", "help me find the budget", "Who issued the plan?", "谷歌北京人工智能中心有多少员工？"])(
    "%s is a question",
    (message) => expect(smallTalk(message)).toBeUndefined(),
  );

  it("replies in the message's language", () => {
    expect(detectLanguage("你好")).toBe("zh");
    expect(detectLanguage("hello")).toBe("en");
  });
});

describe("overview questions", () => {
  it.each(["What is this about?", "Summarize the plan", "tl;dr", "Give me an overview of the document", "What are the main points?", "What's this document about?"])("%s asks for an overview", (q) =>
    expect(isOverviewQuestion(q)).toBe(true),
  );
  it.each(["What is the third of the plan's themes about?", "What slogan sums up the spatial pattern?", "What does the Summary for Policymakers say?"])("%s does not", (q) =>
    expect(isOverviewQuestion(q)).toBe(false),
  );
});

describe("direct answers", () => {
  const sentence =
    "For instance, the fintech innovation zone/s will be in Xicheng District and Haidian District; a banking and insurance tech cluster in Shijingshan District; a security industry cluster in Fangshan District.";
  const span = (q: string, s = sentence) => {
    const kind = directKind(q, expectedAnswerType(q))!;
    const at = shortAnswerSpan(q, s, kind);
    return at && s.slice(at.start, at.end);
  };

  it("marks the name next to the question's words, as a slice of the sentence", () => {
    expect(span("Which district will host the banking and insurance technology cluster?")).toBe("Shijingshan District");
    expect(span("Where will the securities cluster be?")).toBe("Fangshan District");
  });

  it("marks a count, a range or a year, never what the question already says", () => {
    const aim = "Beijing’s main aim is to get five to ten “internationally renowned” fintech companies by the end of 2022.";
    expect(span("How many renowned fintech companies does Beijing want by 2022?", aim)).toBe("five to ten");
    expect(span("When does the plan run until?", "The Beijing Promotion of Financial Technology Development Plan (2018-2022) was issued.")).toBe("2018-2022");
  });
});

describe("names", () => {
  it("reads a misspelt or unaccented name as the one a passage holds", () => {
    const words = passageWordSet(["Percy Shelley wrote it.", "Thomas de Maizière serves.", "Super Bowl 50"]);
    expect(resemblesWordIn("Shelly", words)).toBe(true);
    expect(resemblesWordIn("Maiziere", words)).toBe(true);
    expect(resemblesWordIn("Superbowl", words)).toBe(true);
    expect(resemblesWordIn("Shanghai", words)).toBe(false);
    expect(foldWord("Maizière")).toBe("maiziere");
  });
});

describe("what a question asks for", () => {
  it("reads 'who is in charge of' as asking for a person", () => {
    expect(expectedAnswerType("Who is in charge of the wealth management cluster?")).toBe("person");
    expect(expectedAnswerType("Who issued the plan?")).toBe("named");
  });

  it("reads 'number of … of what X' as asking for X, not for a count", () => {
    expect(expectedAnswerType("It led to an increased number of students of what ethnicity?")).toBeUndefined();
    expect(expectedAnswerType("What is the number of clusters?")).toBe("count");
  });

  it("reads the measured thing of 'how much' only when it is a compound noun", () => {
    expect(countedPhrase("How much office space will the cluster provide?")).toEqual(["office", "space"]);
    expect(countedPhrase("How much heavier is the new rocket?")).toEqual([]);
    expect(countedPhrase("How many new jobs will it create?")).toEqual(["new", "jobs"]);
  });
});

describe("what a question asks for, and near misses", () => {
  it("finds the asked-for thing, not its class or the verb", () => {
    expect(askedForWords("What tax breaks will start-ups in Haidian receive?")).toEqual(["tax", "breaks"]);
    expect(askedForWords("Which kinds of institutions does the plan recruit from?")).toEqual(["institutions"]);
    expect(askedForWords("How many startups applied to join the cluster?")).toEqual(["startups", "applied"]);
    // A class word ("what sector", "which year") is answered by an instance, not by the word.
    expect(askedForWords("What sector is Tongzhou meant to specialise in?")).toEqual([]);
    expect(askedForWords("What does the city want to do?")).toEqual([]);
  });

  const check = (question: string, sentences: string[]): FocusCheck => {
    const vocabulary = new Set(sentences.flatMap((s) => terms(s)));
    return {
      question,
      questionTerms: terms(question),
      sentences: sentences.map((s) => new Set(terms(s))),
      inCorpus: (t) => vocabulary.has(t),
      idf: () => 1,
      minRestCoverage: 0.33,
    };
  };
  const passages = ["Tongzhou District will get a wealth management cluster.", "The city wants to attract famous fintech companies."];

  it("abstains when no passage names what is asked for and nothing matches the rest well", () => {
    expect(focusGap(check("What pension bonus will bank clerks in Shanghai collect?", passages))).toMatch(/pension bonus/);
  });

  it("cannot place a thing no passage names, however well the rest matches", () => {
    expect(focusGap(check("Where will the city build its wealth management academy?", passages))).toMatch(/academy/);
    expect(focusGap(check("Where will the wealth management cluster be built?", passages))).toBeUndefined();
  });

  it("answers a paraphrase: the rest of the question matches one sentence well", () => {
    expect(focusGap(check("What specialisation will Tongzhou District get?", passages))).toBeUndefined();
    // A synonym of the asked-for thing counts as naming it ("firms" for "companies").
    expect(focusGap(check("Which firms does the city want?", passages))).toBeUndefined();
  });

  it("through the service: leads the plan's time frame with its own dates and refuses a near miss in new words", async () => {
    const qa = await planQa();
    const frame = await qa.ask("What is the plan's time frame?", { answerer: "extractive" });
    expect(frame.kind).toBe("answer");
    expect(frame.citations[0]!.text).toContain("2018-2022");
    const near = await qa.ask("Which pension schemes will the plan offer to fintech graduates?", { answerer: "extractive" });
    expect(near.kind).toBe("abstain");
  }, 60_000);
});

describe("consequences", () => {
  const inCorpus = (t: string) => new Set(terms("companies clusters innovation plan prices")).has(t);
  it("refuses the outcome of a situation the documents never speak of", () => {
    expect(consequenceGap("What happens to companies that leave the innovation clusters?", inCorpus)).toMatch(/what would happen/);
    expect(consequenceGap("How will the plan affect house prices?", inCorpus)).toMatch(/what would happen/);
  });
  it("leaves other questions, and situations the documents speak of, to the other checks", () => {
    expect(consequenceGap("What happens to companies in the innovation clusters?", inCorpus)).toBeUndefined();
    expect(consequenceGap("What happened to the leaving companies?", inCorpus)).toBeUndefined();
  });
});

// Sentences in the plan's style for the relation checks below: one vocabulary, IDF 1 for every word.
const planLike = [
  "A banking and insurance tech cluster will be in Shijingshan District.",
  "Lieyunwang offers up a comprehensive news report about the plan.",
  "Google unveiled an AI centre in the capital last year to find talent.",
];
const relationCheck = (question: string, sentences = planLike) => {
  const vocabulary = new Set(sentences.flatMap((s) => terms(s)));
  return {
    question,
    questionTerms: terms(question),
    sentences: sentences.map((text) => ({ text, terms: new Set(terms(text)) })),
    restCoverage: restCoverage(
      (t) => vocabulary.has(t),
      () => 1,
    ),
    minRestCoverage: 0.2,
  };
};

describe("which place or body: the name and the rest of the question in one sentence", () => {
  it("reads the asked-for kind of name, not the subject after a verb nor a description", () => {
    expect(askedEntityClass("Which foreign banks have promised to join the plan?")?.words).toEqual(["foreign", "banks"]);
    expect(askedEntityClass("In which districts will the zone be?")?.words).toEqual(["districts"]);
    expect(askedEntityClass("What does the city want to do with cloud technology?")).toBeUndefined();
    expect(askedEntityClass("What kind of companies does Beijing hope to draw?")).toBeUndefined();
  });

  it("takes a name whose head says it is another kind of thing for no answer", () => {
    const asked = askedEntityClass("Which banks joined the cluster?")!.cls;
    expect(namesOfClass(planLike[0]!, asked, "Which banks joined the cluster?")).toEqual([]);
    expect(namesOfClass("Such firms include Bank of China and Alipay.", asked, "Which banks joined?")).toEqual(["Bank of China", "Alipay"]);
  });

  it("refuses when no sentence naming one of that kind speaks of the rest of the question", () => {
    // The only sentence on the cluster names a district, not a bank.
    expect(entityGap(relationCheck("Which foreign banks have promised to join the cluster?", [planLike[0]!]))).toMatch(/no banks/);
    expect(entityGap(relationCheck("Which banks did Lieyunwang interview?", [planLike[0]!]))).toMatch(/no banks/);
  });

  it("answers when one sentence does", () => {
    expect(entityGap(relationCheck("Which district gets the banking and insurance cluster?"))).toBeUndefined();
    expect(entityGap(relationCheck("Which news outlet wrote the comprehensive report?"))).toBeUndefined();
    expect(entityGap(relationCheck("What does the plan want?"))).toBeUndefined();
  });
});

describe("done versus planned", () => {
  it("tells a question about what has happened from one about what is planned", () => {
    expect(asksWhatIsDone("Which insurers have already moved into the cluster?")).toBe(true);
    expect(asksWhatIsDone("Which universities have agreed to supply graduates?")).toBe(true);
    expect(asksWhatIsDone("How many jobs has the centre created so far?")).toBe(true);
    expect(asksWhatIsDone("Whose approval did the two agencies have when they issued the plan?")).toBe(false);
    expect(asksWhatIsDone("Which districts have been named for the zone?")).toBe(false);
    expect(asksWhatIsDone("By when does the city hope to have those companies?")).toBe(false);
  });

  it("tells a sentence that reports something done from a plan", () => {
    expect(reportsDone(planLike[2]!)).toBe(true);
    expect(reportsDone("The bureau and the committee have, with the consent of the government, jointly issued the plan.")).toBe(true);
    expect(reportsDone(planLike[0]!)).toBe(false);
    expect(reportsDone("The main aim is to get five to ten “internationally renowned” fintech companies by 2022.")).toBe(false);
  });

  it("refuses what has been done when only plans match it", () => {
    expect(doneGap({ ...relationCheck("Which insurance firms have already moved into the Shijingshan cluster?"), minRestCoverage: 0.33 })).toMatch(/plans/);
    expect(doneGap({ ...relationCheck("What did Google unveil in the capital last year?"), minRestCoverage: 0.33 })).toBeUndefined();
    expect(doneGap({ ...relationCheck("Which centre has Google unveiled in the capital?"), minRestCoverage: 0.33 })).toBeUndefined();
  });

  it("through the service: refuses a near miss about progress, answers the plan's own fact", async () => {
    const qa = await planQa();
    const near = await qa.ask("Which payment firms have already signed up for the Fangshan cluster?", { answerer: "extractive" });
    expect(near.kind).toBe("abstain");
    const real = await qa.ask("Which district will house the security industry cluster?", { answerer: "extractive" });
    expect(real.kind).toBe("answer");
    expect(real.citations[0]!.text).toContain("Fangshan District");
  }, 60_000);
});
