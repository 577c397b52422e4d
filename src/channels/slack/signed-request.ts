// Checks a request to /slack/events as far as it can before bolt sees it, cheapest first:
// the signature headers and the timestamp (within 5 minutes of now, either way) before the body
// is read; the body read with a size limit and a time limit; the signature over it; then that it
// parses to an object (bolt itself throws outside any handler on a signed `null` body).
// bolt checks the signature again: this only refuses sooner, never accepts more.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { parse as parseQuery } from "node:querystring";
import { HttpError } from "../../errors.js";
import type { BodyGate } from "../../http/read-body.js";

/** Slack's own window for x-slack-request-timestamp, applied both ways. */
export const SLACK_TIMESTAMP_WINDOW_S = 5 * 60;
/** Slack's events, commands and interactions are a few KB; well under this. */
export const SLACK_MAX_BODY_BYTES = 1024 * 1024;
/** The whole body must arrive within this time (Slack sends it at once). */
export const SLACK_BODY_TIMEOUT_MS = 10_000;

export interface SignedRequest {
  body: Buffer;
  /** The request's signature: unique to its timestamp and body, so a replay repeats it. */
  signature: string;
}

const unauthorized = () => new HttpError(401, "unauthorized");

export async function readSignedRequest(req: IncomingMessage, secret: string, gate: BodyGate, nowMs = Date.now()): Promise<SignedRequest> {
  const signature = req.headers["x-slack-signature"];
  const timestamp = req.headers["x-slack-request-timestamp"];
  if (typeof signature !== "string" || !/^v0=[0-9a-f]{64}$/.test(signature)) throw unauthorized();
  if (typeof timestamp !== "string" || !/^\d{1,12}$/.test(timestamp)) throw unauthorized();
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > SLACK_TIMESTAMP_WINDOW_S) throw unauthorized();

  const body = await gate.read(req, { maxBytes: SLACK_MAX_BODY_BYTES, timeoutMs: SLACK_BODY_TIMEOUT_MS });
  const expected = createHmac("sha256", secret).update(`v0:${timestamp}:`).update(body).digest();
  if (!timingSafeEqual(Buffer.from(signature.slice(3), "hex"), expected)) throw unauthorized();
  if (!parsesToObject(body, req.headers["content-type"])) throw new HttpError(400, "malformed request body");
  return { body, signature };
}

/** Whether bolt's parser (JSON, or a form with a `payload` JSON field) will give it an object. */
function parsesToObject(body: Buffer, contentType: string | undefined): boolean {
  try {
    const text = body.toString("utf8");
    if (contentType === "application/x-www-form-urlencoded") {
      const form = parseQuery(text);
      if (form.payload === undefined) return true;
      if (typeof form.payload !== "string") return false;
      return isPlainObject(JSON.parse(form.payload));
    }
    return isPlainObject(JSON.parse(text));
  } catch {
    return false;
  }
}

function isPlainObject(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
