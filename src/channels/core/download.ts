// Downloads an uploaded file from a chat platform, never more than a size limit (the body is
// read as it streams and dropped past the limit), with a deadline, and only from where the
// platform's API lives: each redirect hop is checked before it is followed, so a crafted event
// cannot make the bot send its token elsewhere. Errors never carry the URL (it can hold a token).

export class DownloadTooLargeError extends Error {
  constructor(readonly receivedBytes: number) {
    super(`the file is larger than the limit (more than ${receivedBytes} bytes arrived)`);
  }
}

export interface DownloadOptions {
  /** Sent with every hop (e.g. Slack's `Authorization: Bearer`). */
  headers?: Record<string, string>;
  maxBytes: number;
  /** Whether the bot may fetch this URL (the first and each redirect). */
  allowed(url: URL): boolean;
  timeoutMs?: number;
}

const MAX_REDIRECTS = 3;
const DOWNLOAD_TIMEOUT_MS = 60_000;

export async function downloadCapped(url: string, opts: DownloadOptions): Promise<Buffer> {
  const signal = AbortSignal.timeout(opts.timeoutMs ?? DOWNLOAD_TIMEOUT_MS);
  let at = new URL(url);
  for (let hop = 0; ; hop++) {
    if (!opts.allowed(at)) throw new Error(`refused to download from ${at.protocol}//${at.host}: not the platform's file host`);
    const res = await fetch(at, { headers: opts.headers, redirect: "manual", signal }).catch((err: unknown) => {
      throw new Error(`the download failed (${(err as Error).name === "TimeoutError" ? "timed out" : "network error"})`);
    });
    if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new Error("the download failed (too many redirects)");
      at = new URL(res.headers.get("location")!, at);
      continue;
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new Error(`the download failed (HTTP ${res.status})`);
    }
    return readCapped(res.body, opts.maxBytes);
  }
}

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    received += value.length;
    if (received > maxBytes) {
      await reader.cancel();
      throw new DownloadTooLargeError(received);
    }
    chunks.push(value);
  }
}

/** The URL's origin equals one of these (protocol, host and port). */
export function sameOrigin(url: URL, ...origins: string[]): boolean {
  return origins.some((o) => new URL(o).origin === url.origin);
}
