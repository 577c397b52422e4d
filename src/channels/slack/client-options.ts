// How planbot's WebClient talks to Slack. @slack/web-api 8 retries a 429 after Retry-After
// (then one p-retry backoff) as long as retries remain; with `retries: 0` it would give up on a
// 429 too. Its default (10 retries over ~30 minutes) also retries HTTP 500s for half an hour,
// which would hold answers (and shutdown) hostage. So: a few quick retries, and a request timeout.
import type { webApi } from "@slack/bolt";

export const ANSWER_RETRY_POLICY = { retries: 3, factor: 2, minTimeout: 300, maxTimeout: 3_000, randomize: true };

export function webClientOptions(apiUrl: string): webApi.WebClientOptions {
  return {
    slackApiUrl: apiUrl,
    retryConfig: { ...ANSWER_RETRY_POLICY },
    rejectRateLimitedCalls: false,
    timeout: 15_000,
  };
}
