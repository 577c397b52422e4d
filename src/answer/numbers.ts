// Numbers in a text, written as digits or words: a claim's numbers must be in its source.

export const NUMBER_WORDS: Record<string, string> = {
  // "one" is left out: "one of the goals" is not a count.
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ten: "10",
  eleven: "11",
  twelve: "12",
  thirteen: "13",
  fourteen: "14",
  fifteen: "15",
  sixteen: "16",
  seventeen: "17",
  eighteen: "18",
  nineteen: "19",
  twenty: "20",
  thirty: "30",
  forty: "40",
  fifty: "50",
  sixty: "60",
  seventy: "70",
  eighty: "80",
  ninety: "90",
  hundred: "100",
  thousand: "1000",
};

/** Numbers written in a text, digits or words ("five" and "5" are one number; "14,300" is 14300). */
export function numbersOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\d+(?:[.,]\d+)*/g)) {
    let n = m[0].replace(/,(?=\d{3}\b)/g, "");
    if (/^\d+\.\d+$/.test(n)) n = n.replace(/\.?0+$/, "");
    out.add(n);
  }
  for (const m of text.toLowerCase().matchAll(/\b[a-z]+\b/g)) {
    const v = NUMBER_WORDS[m[0]];
    if (v) out.add(v);
  }
  return out;
}
