// Loads the dictionary and the segmenter in the background once start-up is over, so the first
// Chinese question does not wait for them (about 0.1-0.2 s, mostly jieba building its word
// graph) while an English-only start-up pays nothing. The load is one synchronous step: a
// question arriving during it waits that long once, as the first Chinese question did before.
import { dictionary } from "./dictionary.js";
import { segmenter } from "./segmenter.js";

/** How long after start-up the load waits, so the first requests of a fresh process go first. */
const IDLE_DELAY_MS = 1000;

export function warmUpChinese(delayMs = IDLE_DELAY_MS): void {
  // unref: a process with nothing else to do (a one-shot command) exits without waiting for it.
  setTimeout(() => {
    dictionary();
    segmenter();
  }, delayMs).unref();
}
