// A question's search terms and names, by its language: an English question through
// query.ts, a Chinese one through its English glosses (translate.ts, which builds on query.ts).
import { detectLanguage } from "../text/language.js";
import { terms } from "../text/tokenize.js";
import { expandTerms, namesIn, type AnalyzedQuery } from "./query.js";
import { translateQuery } from "./translate.js";

export function analyzeQuery(text: string, inCorpus: (term: string) => boolean): AnalyzedQuery {
  // A Chinese question is searched for through its English glosses (and its own words).
  if (detectLanguage(text) === "zh") return translateQuery(text, inCorpus);
  const own = terms(text);
  return {
    text,
    terms: expandTerms(
      own.map((term) => ({ term, weight: 1, original: true })),
      inCorpus,
    ),
    names: namesIn(text),
  };
}
