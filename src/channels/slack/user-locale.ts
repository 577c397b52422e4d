// A Slack user's language from their client's locale (users.info with include_locale), asked
// once per user: /ask with no question, or "help", has no words to tell the language from.
import type { App } from "@slack/bolt";
import type { Language } from "../../text/language.js";
import { LruCache } from "../../util/lru.js";
import { languageOfLocale } from "../core/locale.js";

export function userLanguages(client: App["client"], max = 5000): (user: string) => Promise<Language> {
  const known = new LruCache<string, Language>(max);
  return async (user) => {
    const cached = known.get(user);
    if (cached) return cached;
    const r = await client.users.info({ user, include_locale: true });
    const lang = languageOfLocale(r.user?.locale);
    known.set(user, lang);
    return lang;
  };
}
