// Sends requests to planbot the way Slack does: signed with the signing secret
// (v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}")), events as JSON, commands and
// interactivity as forms.
import { createHmac, randomUUID } from "node:crypto";

export function slackSignature(secret: string, timestampSec: number, body: string): string {
  return "v0=" + createHmac("sha256", secret).update(`v0:${timestampSec}:${body}`).digest("hex");
}

export interface SendOptions {
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Sends this signature instead of the right one. */
  signature?: string;
  /** Marks the request as Slack's n-th retry (X-Slack-Retry-Num). */
  retryNum?: number;
}

export interface SlackReply {
  status: number;
  text: string;
  ms: number;
}

export class SlackSender {
  constructor(
    private readonly url: string,
    private readonly secret: string,
  ) {}

  async send(body: string, contentType: string, opts: SendOptions = {}): Promise<SlackReply> {
    const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      "content-type": contentType,
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": opts.signature ?? slackSignature(this.secret, ts, body),
    };
    if (opts.retryNum !== undefined) {
      headers["x-slack-retry-num"] = String(opts.retryNum);
      headers["x-slack-retry-reason"] = "http_timeout";
    }
    const started = Date.now();
    const res = await fetch(this.url, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
    return { status: res.status, text: await res.text(), ms: Date.now() - started };
  }

  /** An Events API delivery (event_callback) of `event`. */
  event(event: Record<string, unknown>, opts: SendOptions & { eventId?: string } = {}): Promise<SlackReply> {
    return this.send(JSON.stringify(eventCallback(event, opts.eventId)), "application/json", opts);
  }

  /** A slash command, form-encoded like Slack sends it. */
  command(fields: { command?: string; text: string; user_id?: string; channel_id?: string; response_url: string }, opts: SendOptions = {}): Promise<SlackReply> {
    const form = new URLSearchParams({
      token: "legacy-verification-token",
      team_id: "TTEST",
      channel_name: "general",
      user_name: "asker",
      command: fields.command ?? "/ask",
      text: fields.text,
      user_id: fields.user_id ?? "UASKER",
      channel_id: fields.channel_id ?? "CGENERAL",
      response_url: fields.response_url,
      trigger_id: "1.2.3",
      api_app_id: "ATEST",
    });
    return this.send(form.toString(), "application/x-www-form-urlencoded", opts);
  }

  /** A view_submission of a modal the bot opened (`view` as views.open got it), with the user's input values. */
  viewSubmission(view: Record<string, unknown>, values: Record<string, Record<string, { type: string; value: string | null }>>, user = "UASKER", opts: SendOptions = {}): Promise<SlackReply> {
    return this.interaction(
      {
        type: "view_submission",
        team: { id: "TTEST", domain: "test" },
        user: { id: user, username: "asker", team_id: "TTEST" },
        api_app_id: "ATEST",
        token: "legacy-verification-token",
        trigger_id: "2.3.4",
        view: { id: "VTEST", team_id: "TTEST", app_id: "ATEST", bot_id: "BPLANBOT", hash: "1.abc", ...view, state: { values } },
        response_urls: [],
      },
      opts,
    );
  }

  /** An interactivity payload (e.g. block_actions), form-encoded as `payload=<json>`. */
  interaction(payload: Record<string, unknown>, opts: SendOptions = {}): Promise<SlackReply> {
    const form = new URLSearchParams({ payload: JSON.stringify(payload) });
    return this.send(form.toString(), "application/x-www-form-urlencoded", opts);
  }
}

export function eventCallback(event: Record<string, unknown>, eventId = "Ev" + randomUUID().slice(0, 8)): Record<string, unknown> {
  return {
    token: "legacy-verification-token",
    team_id: "TTEST",
    api_app_id: "ATEST",
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "TTEST", user_id: "UPLANBOT", is_bot: true }],
    event: { event_ts: event.ts, ...event },
  };
}
