// Does a cited passage support a generated sentence? Not "do they share a word": a claim is
// kept only when the sentence(s) of the passage that match it best
// - hold every number and name of the claim,
// - cover most of its content words (paraphrase allowed: synonyms, shared stems),
// - say it with the same polarity: no "will not" against "will", no "cancelled" against
//   "issued", no "decrease" against "increase".
// A sentence that passes may still be wrong in ways words cannot show; one that fails is
// never shown with a citation that seems to back it (a contradiction, or an instruction a
// document smuggled into the model's reply).
import { sentenceRanges } from "../text/sentences.js";
import { STOP_WORDS } from "../text/stopwords.js";
import { normalizeWord, stem, terms, words } from "../text/tokenize.js";
import { namesIn, synonymStems } from "../retrieval/query.js";
import { numbersOf, NUMBER_WORDS } from "./numbers.js";

export type Support = { ok: true } | { ok: false; why: "contradicted" | "unsupported"; detail: string };

/**
 * Share of a claim's content words the backing sentences must cover. Calibrated on
 * test/fixtures/claims.json (plan article and Wikipedia paragraphs): see test/entailment.test.ts.
 */
export const MIN_COVERAGE = 0.8;

// Words that frame a claim rather than state it ("the passage says", "also"), and light verbs
// a paraphrase uses freely for a relation the passage words otherwise ("Tongzhou hosts the
// cluster" for "the cluster will be in Tongzhou").
const FRAMING = new Set(
  `according passage passages document documents article text source sources say says said state states stated
mention mentions mentioned note notes noted describe describes described explain explains explained
additionally moreover furthermore however therefore thus specifically notably overall including instance example
host hosts hosted include includes included contain contains hold holds held get gets make makes made aim aims
want wants hope hopes seek seeks intend intends cover covers covered locate located situated base based
feature features involve involves become becomes became remain remains`
    .split(/\s+/)
    .map(key),
);

// Opposite meanings, as stems. A claim that uses one side against a passage that uses only the
// other contradicts it. The first side of each pair is a reversal: a claim that something was
// cancelled, fell or was banned needs a passage that says so.
const OPPOSITES: Array<[string[], string[]]> = (
  [
    [
      [
        "cancel",
        "abolish",
        "scrap",
        "revoke",
        "withdraw",
        "withdrew",
        "withdrawn",
        "terminate",
        "halt",
        "suspend",
        "abandon",
        "repeal",
        "shelve",
        "discontinue",
        "postpone",
        "delay",
        "close",
        "closure",
        "shut",
      ],
      [
        "issue",
        "launch",
        "create",
        "establish",
        "introduce",
        "start",
        "begin",
        "began",
        "begun",
        "build",
        "built",
        "unveil",
        "adopt",
        "implement",
        "continue",
        "approve",
        "release",
        "publish",
        "grant",
        "open",
      ],
    ],
    [
      ["decrease", "reduce", "lower", "decline", "fall", "fell", "fallen", "shrink", "shrank", "less", "fewer", "weaken", "worsen", "drop", "cut", "stagnate", "slow"],
      ["increase", "raise", "rise", "rose", "risen", "grow", "grew", "grown", "expand", "boost", "more", "higher", "improve", "strengthen", "advance", "progress", "accelerate"],
    ],
    [
      ["ban", "forbid", "prohibit", "prevent", "restrict"],
      ["allow", "permit", "enable", "authorize", "encourage"],
    ],
    [
      ["reject", "refuse", "deny", "oppose", "veto"],
      ["accept", "approve", "agree", "endorse"],
    ],
    [
      ["lose", "lost", "loss", "defeat", "fail", "failure"],
      ["win", "won", "victory", "succeed", "success"],
    ],
    [
      ["attack", "harm", "destroy", "damage", "threaten"],
      ["protect", "defend", "preserve", "guard", "safeguard"],
    ],
    [
      ["deter", "repel", "expel", "discourage"],
      ["attract", "welcome", "invite", "draw", "drew"],
    ],
    [
      ["smallest", "least", "lowest", "minimum", "fewest", "worst"],
      ["largest", "biggest", "most", "highest", "maximum", "best"],
    ],
    [
      ["after", "later"],
      ["before", "earlier", "prior"],
    ],
    [["last", "final"], ["first"]],
    [["private"], ["public"]],
    [
      ["false", "wrong", "incorrect"],
      ["true", "correct"],
    ],
    [
      ["outside", "external", "foreign"],
      ["inside", "within", "internal", "domestic"],
    ],
    [
      ["exclude", "omit"],
      ["include", "contain"],
    ],
    [
      ["illegal", "unlawful"],
      ["legal", "lawful"],
    ],
    [
      ["south", "southern"],
      ["north", "northern"],
    ],
    [
      ["west", "western"],
      ["east", "eastern"],
    ],
  ] as Array<[string[], string[]]>
).map(([a, b]) => [a.map(key), b.map(key)] as [string[], string[]]);

const NEGATORS = new Set(["not", "no", "never", "none", "nothing", "nobody", "neither", "nor", "cannot", "without", "nowhere"]);
// A negation that is not one: "not only", "no later than", "no more than".
const NOT_NEGATION = /\b(?:not only|not just|no (?:later|earlier|more|less|fewer|sooner) than|not (?:later|earlier|more|less|fewer) than|nothing but|no doubt|none other)\b/gi;
const CLAUSE_END = /[,;:.!?()–—]|^(?:but|while|whereas|although|though|yet)$/;

function key(word: string): string {
  return stem(normalizeWord(word));
}

interface Sentence {
  text: string;
  keys: Set<string>;
}

/** Whether `cited` (one or more passages) supports `claim` (one sentence, markers removed). */
export function supports(claim: string, cited: string, minCoverage = MIN_COVERAGE): Support {
  const content = contentKeys(claim);
  const nums = numbersOf(claim);
  const sentences = sentenceRanges(cited).map((r) => {
    const text = cited.slice(r.start, r.end);
    return { text, keys: new Set([...words(text).map((w) => key(w.term)), ...terms(text), ...numbersOf(text)]) };
  });
  if (sentences.length === 0) return { ok: false, why: "unsupported", detail: "empty passage" };
  const { sentences: backing, names } = backingSentences(content, nums, sentences);
  const text = backing.map((s) => s.text).join(" ");
  const have = new Set(backing.flatMap((s) => [...s.keys]));

  const haveNums = numbersOf(text);
  for (const n of nums) if (!haveNums.has(n)) return { ok: false, why: "unsupported", detail: `number ${n}` };
  // A capitalised first word the passage lacks may be a name too ("Microsoft unveiled …").
  const first = words(claim)[0];
  const opening = first && /^\p{Lu}/u.test(first.surface) && !STOP_WORDS.has(first.term) && first.term !== "one" && !(first.term in NUMBER_WORDS) ? [first.surface] : [];
  for (const name of [...opening, ...namesIn(claim)]) {
    const parts = terms(name);
    if (parts.length && !parts.every((t) => covered(t, names))) return { ok: false, why: "unsupported", detail: `name ${name}` };
  }
  const polarity = negationClash(claim, text);
  if (polarity) return { ok: false, why: "contradicted", detail: polarity };
  const opposite = oppositeClash(claim, text, have);
  if (opposite) return opposite;

  if (content.size === 0) return { ok: true };
  // Numbers are content too, and all of them were found above.
  let hit = nums.size;
  for (const [k, surface] of content) if (covered(k, have) || [...synonymStems(surface, (t) => have.has(t))].some((t) => have.has(t))) hit++;
  const coverage = hit / (content.size + nums.size);
  return coverage >= minCoverage ? { ok: true } : { ok: false, why: "unsupported", detail: `coverage ${coverage.toFixed(2)}` };
}

/** Content words of a claim, stem → surface: no stop words, numbers or framing words. */
function contentKeys(claim: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const w of words(claim)) {
    if (STOP_WORDS.has(w.term) || /^\d/.test(w.term) || w.term in NUMBER_WORDS) continue;
    const k = key(w.term);
    if (!FRAMING.has(k)) out.set(k, w.surface);
  }
  return out;
}

/** The best-matching sentence of the passages, and a second one when the claim spans two. */
function backingSentences(content: Map<string, string>, nums: Set<string>, sentences: Sentence[]): { sentences: Sentence[]; names: Set<string> } {
  const wanted = [...content.keys(), ...nums];
  const hits = (s: Sentence, skip = new Set<string>()) => wanted.filter((k) => !skip.has(k) && covered(k, s.keys)).length;
  const best = sentences.reduce((a, b) => (hits(b) > hits(a) ? b : a));
  const got = new Set(wanted.filter((k) => covered(k, best.keys)));
  const others = sentences.filter((s) => s !== best && hits(s, got) > 0);
  // The passage's opening sentence names what later ones call "the team" or "the capital".
  const subject = sentences[0]!.keys;
  if (others.length === 0) return { sentences: [best], names: new Set([...best.keys, ...subject]) };
  const second = others.reduce((a, b) => (hits(b, got) > hits(a, got) ? b : a));
  // A name counts from a second sentence only when that sentence holds more of the claim:
  // "Ribault claimed the land for Spain" is not backed by "…claiming the land for France"
  // beside "Philip II of Spain ordered …".
  const names = new Set([...best.keys, ...subject, ...(hits(second, got) >= 2 ? second.keys : [])]);
  return { sentences: [best, second], names };
}

/** A stem is covered by the same stem, or one that starts the other (innovative / innovation). */
function covered(k: string, have: Set<string>): boolean {
  if (have.has(k)) return true;
  if (k.length < 5) return false;
  for (const h of have) if (h.length >= 5 && (h.startsWith(k) || k.startsWith(h))) return true;
  return false;
}

/**
 * The words each real negation governs (up to the end of its clause). A negation clashes when
 * the other side holds at least half of the words it governs and does not negate them
 * ("not available at public schools" says nothing about "vocational schools").
 */
function negationClash(claim: string, cited: string): string | undefined {
  const own = negatedKeys(claim);
  const theirs = negatedKeys(cited);
  const claimKeys = new Set(contentKeys(claim).keys());
  const citedKeys = new Set(contentKeys(cited).keys());
  for (const scope of own) {
    const shared = scope.filter((k) => covered(k, citedKeys));
    if (shared.length * 2 >= scope.length && !theirs.some((t) => shared.some((k) => t.includes(k)))) return `the claim negates "${shared.join(" ")}"`;
  }
  for (const scope of theirs) {
    const shared = scope.filter((k) => covered(k, claimKeys));
    if (shared.length * 2 >= scope.length && !own.some((o) => shared.some((k) => o.includes(k)))) return `the passage negates "${shared.join(" ")}"`;
  }
  return undefined;
}

function negatedKeys(text: string): string[][] {
  const ws = text
    .replace(NOT_NEGATION, " ")
    .split(/(\s+|(?=[,;:.!?()–—])|(?<=[,;:.!?()–—]))/)
    .filter((w) => w.trim());
  const scopes: string[][] = [];
  ws.forEach((w, i) => {
    const lower = normalizeWord(w.replace(/[^\p{L}'’]/gu, ""));
    if (!NEGATORS.has(lower) && !/n't$/.test(lower)) return;
    const scope: string[] = [];
    for (let j = i + 1; j < ws.length && scope.length < 5; j++) {
      const next = ws[j]!.toLowerCase();
      if (CLAUSE_END.test(next)) break;
      for (const t of terms(next)) scope.push(key(t));
    }
    if (scope.length) scopes.push(scope);
  });
  return scopes;
}

/**
 * A claim word with an opposite meaning (OPPOSITES) needs its own side in the passage. Near
 * the words it governs first ("granted legal recognition" against "abolished all legal
 * recognition", in a sentence that also "issued" something), then anywhere in the backing.
 */
function oppositeClash(claim: string, backing: string, have: Set<string>): Support | undefined {
  const said = words(claim).map((w) => key(w.term));
  const theirs = words(backing).map((w) => key(w.term));
  for (const pair of OPPOSITES) {
    for (const [side, other] of [pair, [pair[1], pair[0]]] as const) {
      const at = said.findIndex((k) => side.includes(k));
      if (at < 0) continue;
      const used = said[at]!;
      const governed = said
        .slice(at + 1)
        .filter((k) => !STOP_WORDS.has(k))
        .slice(0, 4);
      for (let j = 0; j < theirs.length; j++) {
        if (!governed.includes(theirs[j]!)) continue;
        const before = theirs.slice(Math.max(0, j - 4), j);
        if (before.some((k) => other.includes(k)) && !before.some((k) => side.includes(k))) {
          return { ok: false, why: "contradicted", detail: `"${used}" against its opposite` };
        }
      }
      if (side.some((k) => have.has(k))) continue;
      if (other.some((k) => have.has(k))) return { ok: false, why: "contradicted", detail: `"${used}" against its opposite` };
      if (side === pair[0]) return { ok: false, why: "unsupported", detail: `"${used}" not in the passage` };
    }
  }
  return undefined;
}
