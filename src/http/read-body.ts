// Reads a request body into memory with limits checked before and while it arrives, never after:
// a declared Content-Length over the limit is refused before one byte is read, a body that grows
// past it is cut off at the limit, and one that trickles in slower than `timeoutMs` is dropped.
// A BodyGate bounds how many bodies are read at once on a route anyone can reach, so that
// connections sending large bodies slowly cannot add up to a large amount of memory.
import type { IncomingMessage } from "node:http";
import { HttpError } from "./http-error.js";

export interface BodyLimits {
  maxBytes: number;
  /** The whole body must have arrived within this time. */
  timeoutMs: number;
}

export async function readBody(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limits.maxBytes) {
    throw new HttpError(413, "request body too large");
  }
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(() => finish(new HttpError(408, "request body too slow")), limits.timeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) return finish(new HttpError(413, "request body too large"));
      chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = () => finish(new HttpError(400, "request body incomplete"));
    // A client that goes away before the end ("aborted" and "close" without "end").
    const onClose = () => finish(new HttpError(400, "request body incomplete"));
    const finish = (err?: HttpError) => {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      if (!err) return resolve(Buffer.concat(chunks));
      chunks.length = 0;
      // The rest of a refused body is not read: stop reading, and let the answer close the connection.
      req.pause();
      reject(err);
    };
    req.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

/** At most `max` bodies read at once; a request beyond that gets 503 (with Retry-After) at once. */
export class BodyGate {
  private reading = 0;
  constructor(private readonly max: number) {}

  async read(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
    if (this.reading >= this.max) throw new HttpError(503, "busy", { "retry-after": "1" });
    this.reading++;
    try {
      return await readBody(req, limits);
    } finally {
      this.reading--;
    }
  }

  get inProgress(): number {
    return this.reading;
  }
}
