// What kind of fact a question asks for, and whether a sentence holds one. A sentence on
// the right topic that lacks the asked-for kind of fact ("how much" with no amount in it) is
// a near miss, not an answer: the answerer abstains instead of quoting it.

export type AnswerType = "amount" | "count" | "date" | "time" | "person" | "named" | "percent";

const NUMBER_WORDS =
  "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|several|single|both|double|triple|half";
const MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";

const CHECKS: Record<AnswerType, RegExp> = {
  amount:
    /[$¥€£₹]\s?\d|\b\d[\d,.]*\s?(?:k|m|bn|mn)?\s?(?:yuan|rmb|cny|usd|dollars?|euros?|pounds?|hkd)\b|\b(?:yuan|rmb|cny|usd|hkd)\s?\d|\b(?:million|billion|trillion)\s+(?:yuan|dollars?|euros?|rmb)\b/i,
  count: new RegExp(`\\b(?:\\d[\\d,.]*|${NUMBER_WORDS})\\b`, "i"),
  date: new RegExp(`\\b(?:${MONTHS})\\.?\\s+\\d{1,2}\\b|\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTHS})\\b|\\b\\d{4}-\\d{2}-\\d{2}\\b|\\b\\d{1,2}/\\d{1,2}/\\d{2,4}\\b`, "i"),
  time: new RegExp(
    `\\b(?:1[0-9]\\d\\d|2[01]\\d\\d)s?\\b|\\b\\d{2,4}\\s?(?:AD|BC|BCE|CE)\\b|\\b(?:AD|A\\.D\\.)\\s?\\d{2,4}\\b|\\b(?:in|since|until|by|from|after|before|around|circa|c\\.)\\s+\\d{3,4}\\b|\\b\\d{1,2}(?:st|nd|rd|th)[\\s-]+(?:century|centuries|millennium)\\b|\\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)\\s+century\\b|\\b(?:spring|summer|autumn|winter)\\b|\\b(?:${MONTHS})\\b|\\b(?:last|next|this|previous|coming)\\s+(?:year|month|week|decade|quarter)\\b|\\b(?:yesterday|today|tomorrow|recently|soon)\\b|\\bby\\s+the\\s+end\\s+of\\b|\\b(?:years?|months?|weeks?|days?|decades?)\\b`,
    "i",
  ),
  percent: /\d\s?%|\bper\s?cent\b|\bpercentage\b/i,
  // A personal name: an honorific or role right before a capitalised name, or "Name Name said".
  person:
    /\b(?:Mr|Mrs|Ms|Dr|Prof|Professor|President|Premier|Mayor|Governor|Director|Chairman|Chairwoman|Chair|Minister|Secretary|CEO|Chief|Head|Founder|Vice)\.?\s+(?:[A-Z][\w'-]+\s+){0,2}[A-Z][\w'-]+|\b[A-Z][a-z]+\s+[A-Z][a-z]+,\s+(?:the\s+)?(?:head|director|chairman|mayor|minister|ceo|founder|president|secretary)\b|\b[A-Z][a-z]+\s+[A-Z][a-z]+\s+(?:said|says|told|wrote)\b/,
  // Any capitalised name after the start of the sentence (an organisation, a place, a person).
  named: /\S\s+(?:the\s+)?[A-Z][\w'’-]+/,
};

const MONEY_WORDS =
  /\b(?:money|cost|costs|fund|funds|funding|budget|invest\w*|spen[dt]\w*|pay|paid|price|worth|yuan|rmb|dollars?|euros?|pounds?|subsid\w*|revenue|salary|income|fees?|earn\w*|loans?|tax\w*|capital|financ\w*)\b/;

const PERSON_ROLES =
  /\b(?:head|heads|headed|lead|leads|led|leader|director|directs|chair|chairs|chairman|chairwoman|mayor|minister|ceo|founder|founded|president|secretary|author|wrote|written|journalist|reporter|editor|spokes(?:man|woman|person)|official|signed|runs|manages|manager|in\s+charge)\b/i;

/** The kind of fact the question asks for, when it asks for a specific kind. */
export function expectedAnswerType(question: string): AnswerType | undefined {
  const q = question.toLowerCase();
  if (/\b(?:what|which)\s+(?:percentage|share|proportion)\b|\bhow\s+many\s+percent\b|\bper\s?cent\b/.test(q)) return "percent";
  // "How much heavier / higher / time" asks for a quantity, not money.
  if (/\bhow\s+much\b/.test(q) && !MONEY_WORDS.test(q) && !/\bhow\s+much\s+(?:of|detail)\b/.test(q)) return "count";
  if (
    /\bhow\s+much\b(?!\s+(?:of|detail|more|longer|larger|bigger))|\bbudget\b|\b(?:what|how\s+much)\s+(?:is|was|are|were|will|would|does|did)\s+(?:the\s+)?(?:total\s+)?cost\b|\bcost\s+(?:of|to)\b.*\?\s*$|\bfunding\b|\bsubsid|\bhow\s+big\s+(?:is|was)\s+the\s+(?:fund|investment)|\binvest(?:ed|ment)?\b.*\b(?:amount|much)\b|\bamount\s+of\s+money\b|\bspend(?:ing)?\b/.test(
      q,
    )
  ) {
    return "amount";
  }
  if (/\bhow\s+many\s+(?:yuan|rmb|dollars|euros|pounds)\b/.test(q)) return "amount";
  // "…an increased number of students of what ethnicity?" asks for the ethnicity, not a count.
  const asksAfterNumber = /\bnumber\s+of\b.*\b(?:what|which)\s+[a-z]/.test(q);
  if (/\bhow\s+many\b|\bhow\s+large\s+a\s+number\b/.test(q) || (/\bnumber\s+of\b/.test(q) && !asksAfterNumber)) return "count";
  if (/\b(?:what|which|exact)\s+(?:exact\s+)?(?:date|day|month)\b|\bon\s+what\s+(?:exact\s+)?(?:date|day)\b/.test(q)) return "date";
  // "How long was the report" asks for a length, not a time.
  const aboutLength = /\bhow\s+long\b.*\b(?:report|article|write-?up|text|document|piece|story|book|paper|words?|pages?|road|line|river|bridge)\b/.test(q);
  // "When many people are arrested, what is…" asks what, not when.
  const whenClause = /^\s*when\b.*\b(?:what|which|who|how)\b/.test(q);
  if (
    (/^\s*(?:when|by\s+when|until\s+when)\b/.test(q) && !whenClause) ||
    /\b(?:what|which)\s+year\b|\bin\s+what\s+year\b|\bwhen\s+(?:will|did|does|is|was|were|do)\b|\bdeadline\b|\btime\s*frame\b|\btimeline\b/.test(q) ||
    (/\bhow\s+long\b/.test(q) && !aboutLength)
  ) {
    return "time";
  }
  if (
    /\bname\s+of\s+(?:the\s+|its\s+|their\s+)?(?:[\w'’]+\s+){0,3}(?:director|head|chairman|mayor|minister|ceo|founder|author|journalist|reporter|editor|official|leader|president|secretary)\b/.test(q)
  )
    return "person";
  if (/\b(?:which|what)\s+(?:journalist|reporter|official|author|mayor|minister|director|ceo|founder|editor|spokes(?:man|woman|person)|chairman|head)\b/.test(q)) return "person";
  if (/\bwho\b|\bwhom\b|\bwhose\b/.test(q)) return PERSON_ROLES.test(q) ? "person" : "named";
  // "Which specific universities…" asks for names, not for the category.
  if (/\b(?:which|what)\s+(?:specific|particular|exact)\b|\bnames?\s+of\s+the\b|\bname\s+the\b/.test(q)) return "named";
  return undefined;
}

const PHRASE_END = new Set(
  "is are was were be do does did will would can could should has have had in at on for of to by with from that which who whom whose than per long exactly more altogether currently the a an its their this these those or and".split(
    " ",
  ),
);

/** The words a "how many" / "number of" question counts ("how many new jobs" → new, jobs). */
export function countedPhrase(question: string): string[] {
  const m = /\b(?:how\s+many|number\s+of|(how\s+much))\s+([^?.!,;:]+)/i.exec(question);
  if (!m) return [];
  const phrase: string[] = [];
  for (const w of m[2]!.toLowerCase().split(/\s+/)) {
    if (PHRASE_END.has(w)) break;
    phrase.push(w);
  }
  // After "how much" one word is often a comparative or an adverb ("how much heavier"); a
  // compound ("how much office space") names the measured thing.
  if (m[1] && phrase.length < 2) return [];
  return phrase;
}

const NUMBER = new RegExp(`^(?:\\d[\\d,.]*|${NUMBER_WORDS})$`, "i");

// The broad form of each kind: any number for counts and amounts, any time expression for
// dates, any capitalised name for people. Used only when retrieval found every question term.
// A name may also open the sentence ("Al-Muwaffaq wrote…"), unless its first word is a common one.
const ANY_NAME =
  /\S\s+(?:the\s+)?[A-Z][\w'’-]+|^(?!(?:The|A|An|In|On|At|By|For|From|It|This|That|These|Those|There|He|She|They|We|Its|His|Her|Their|As|After|Before|During|When|While|Although|However|But|And|Of|To|With)\b)[A-Z][\w'’-]+/;
const LOOSE: Record<AnswerType, RegExp> = {
  amount: CHECKS.count,
  count: CHECKS.count,
  percent: CHECKS.count,
  date: CHECKS.time,
  time: CHECKS.time,
  person: ANY_NAME,
  named: ANY_NAME,
};

/** Whether a sentence holds the broad form of the asked-for kind of fact. */
export function holdsLooseAnswerType(sentence: string, type: AnswerType): boolean {
  return LOOSE[type].test(sentence);
}

/**
 * Whether a sentence holds a fact of the asked-for kind. A count must count the thing the
 * question counts: a number followed within a few words by that noun or a synonym ("four
 * general themes" for "how many themes"), not any number ("as one example").
 */
export function holdsAnswerType(sentence: string, type: AnswerType, isCountedNoun?: (word: string) => boolean): boolean {
  if (type !== "count" || !isCountedNoun) return CHECKS[type].test(sentence);
  const tokens = sentence
    .split(/[^\p{L}\p{N},.]+/u)
    .map((t) => t.replace(/[,.]+$/, ""))
    .filter(Boolean);
  return tokens.some((t, i) => NUMBER.test(t) && tokens.slice(i + 1, i + 5).some(isCountedNoun));
}
