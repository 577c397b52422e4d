// The language of a message, for the bot's own words around the quotes. Telling Chinese from
// English needs only the script; another language would add its test here.
export type Language = "en" | "zh";

const HAN = /\p{Script=Han}/gu;
const LATIN = /\p{Script=Latin}/gu;

/** "zh" when Han characters outweigh Latin letters (a Chinese question may hold English names). */
export function detectLanguage(text: string): Language {
  const han = text.match(HAN)?.length ?? 0;
  if (han === 0) return "en";
  const latin = text.match(LATIN)?.length ?? 0;
  // A Han character carries about as much as a short English word.
  return han * 3 >= latin ? "zh" : "en";
}
