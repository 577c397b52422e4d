// The language of a user's client (Telegram's language_code "zh-hans", Slack's locale "zh-CN"),
// for the bot's own texts when there is no question to tell it from (/start, /help).
import type { Language } from "../../text/language.js";

export function languageOfLocale(locale: string | undefined): Language {
  return locale && /^zh\b/i.test(locale) ? "zh" : "en";
}
