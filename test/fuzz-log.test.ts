// The logger under fuzzing: whatever a secret looks like and wherever it hides (the message, a
// nested field, an error's message or cause, a key, a URL, a JSON string, a child logger's
// fields), no line carries it; token shapes are caught without being told; every JSON line
// parses; odd values (cycles, BigInt, buffers) never throw.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/log.js";

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const runs = (n: number) => ({ numRuns: Number(process.env.FUZZ_RUNS ?? n), seed: SEED });

const digit = fc.constantFrom(..."0123456789");
const secretChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+/=.:~ %&?#"\\');
// Digits at both ends: a secret can then never be made out of "[redacted]" and its neighbours.
const secret = fc.tuple(digit, fc.string({ unit: secretChar, minLength: 6, maxLength: 40 }), digit).map(([a, b, c]) => a + b + c);

type Place = (s: string) => { msg: string; fields?: Record<string, unknown>; child?: Record<string, unknown> };
const PLACES: Place[] = [
  (s) => ({ msg: `request failed for ${s}` }),
  (s) => ({ msg: "nested", fields: { a: { b: [1, { c: `x${s}y` }] } } }),
  (s) => ({ msg: "error", fields: { error: new Error(`boom ${s}`, { cause: new Error(s) }) } }),
  (s) => ({ msg: "agg", fields: { error: new AggregateError([new Error(s)], "many") } }),
  (s) => ({ msg: "key", fields: { [`k:${s}`]: 1 } }),
  (s) => ({ msg: "url", fields: { url: `https://api.example.test/x?token=${encodeURIComponent(s)}&b=1` } }),
  (s) => ({ msg: "json", fields: { body: JSON.stringify({ token: s, n: 1 }) } }),
  (s) => ({ msg: "child", child: { token: s } }),
  (s) => ({ msg: "array", fields: { list: ["a", s, { deep: { deeper: { deepest: s } } }] } }),
  (s) => ({ msg: "map", fields: { header: `Authorization: Bearer ${s}`, s } }),
];

function capture(opts: { secrets?: string[]; json?: boolean; level?: "debug" | "info" } = {}) {
  const lines: string[] = [];
  const log = createLogger({ level: opts.level ?? "debug", json: opts.json ?? true, secrets: opts.secrets, write: (l) => lines.push(l) });
  return { log, lines };
}

describe("logger redaction (fuzzed)", () => {
  it("never writes a known secret, wherever it is, in JSON or human lines", () => {
    fc.assert(
      fc.property(
        secret,
        fc.constantFrom(...PLACES.keys()),
        fc.boolean(),
        fc.constantFrom("debug", "info", "warn", "error") as fc.Arbitrary<"debug" | "info" | "warn" | "error">,
        (s, place, json, level) => {
          const { log, lines } = capture({ secrets: [s], json });
          const { msg, fields, child } = PLACES[place]!(s);
          (child ? log.child(child) : log)[level](msg, fields);
          expect(lines).toHaveLength(1);
          for (const l of lines) {
            expect(l).not.toContain(s);
            expect(l).not.toContain(encodeURIComponent(s));
            if (json) {
              const obj = JSON.parse(l) as Record<string, unknown>;
              expect(obj.level).toBe(level);
              expect(typeof obj.time).toBe("string");
            }
          }
        },
      ),
      runs(500),
    );
  });

  it("catches platform tokens it was never told about", () => {
    const alnum = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"), minLength: 35, maxLength: 40 });
    const token = fc.oneof(
      fc.tuple(fc.integer({ min: 10_000, max: 9_999_999_999 }), alnum).map(([id, rest]) => `${id}:${rest}`), // Telegram
      alnum.map((r) => `xoxb-${r}`),
      alnum.map((r) => `xoxp-${r}`),
      alnum.map((r) => `xapp-1-${r}`),
      alnum.map((r) => `sk-proj-${r}`),
    );
    fc.assert(
      fc.property(token, fc.constantFrom(...PLACES.keys()), (t, place) => {
        const { log, lines } = capture();
        const { msg, fields, child } = PLACES[place]!(t);
        (child ? log.child(child) : log).warn(msg, fields);
        // Telegram puts its token in request URLs, glued to "bot"; others go in query strings.
        log.error("request", { url: /^\d/.test(t) ? `https://api.telegram.org/bot${t}/sendMessage` : `https://x.test/api?token=${t}&x=1` });
        for (const l of lines) expect(l).not.toContain(t.slice(-30));
      }),
      runs(300),
    );
  });

  it("writes any value without throwing: cycles, BigInt, buffers, maps, huge arrays, odd errors", () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withDate: true, withNullPrototype: true, withSparseArray: true }), (value) => {
        const { log, lines } = capture();
        const cyclic: Record<string, unknown> = { value };
        cyclic.self = cyclic;
        const odd = Object.assign(new Error("odd"), { code: 42, on: { payload: { text: "private chat text" } }, cause: cyclic });
        log.info("anything", { value, cyclic, odd, big: 10n ** 30n, buf: Buffer.alloc(10), list: Array.from({ length: 500 }, (_, i) => i) });
        expect(lines).toHaveLength(1);
        const obj = JSON.parse(lines[0]!) as Record<string, unknown>;
        expect(obj.msg).toBe("anything");
        // An error's request payload (telegraf keeps the message text there) is never logged.
        expect(lines[0]).not.toContain("private chat text");
      }),
      runs(300),
    );
  });

  it("keeps error details that help: name, message, code, status, and a short stack on error lines", () => {
    const { log, lines } = capture();
    const err = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED", status: 503 });
    log.error("failed", { error: err });
    log.warn("retrying", { error: err });
    const [e, w] = lines.map((l) => JSON.parse(l) as { error: Record<string, unknown> });
    expect(e!.error).toMatchObject({ name: "Error", message: "connect ECONNREFUSED 127.0.0.1:1", code: "ECONNREFUSED", status: 503 });
    expect(String(e!.error.stack)).toMatch(/^at /);
    expect(String(e!.error.stack).split("\n").length).toBeLessThanOrEqual(8);
    expect(w!.error.stack).toBeUndefined();
  });
});
