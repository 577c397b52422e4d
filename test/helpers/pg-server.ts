// A fresh, empty Postgres + pgvector server for one test file, stopped after it: a native
// PostgreSQL when one with pgvector is installed (CI: .ci/pgvector), PGlite on 127.0.0.1
// otherwise. PLANBOT_REQUIRE_POSTGRES=1 (CI) makes a missing native server a failure instead.
import { afterAll, describe, it } from "vitest";
import { findNativePg, startNativePg, type NativePg } from "./native-pg-process.js";
import { startPglite } from "./pglite-process.js";

export interface PgServer {
  url: string;
  port: number;
  /** "native" or "pglite". */
  kind: "native" | "pglite";
  stop(): Promise<void>;
}

const found = findNativePg();
const REQUIRED = process.env.PLANBOT_REQUIRE_POSTGRES === "1";
/** Why there is no native server here, or undefined when there is one. */
export const NATIVE_MISSING = "missing" in found ? found.missing : undefined;

function checkRequired(): void {
  if (NATIVE_MISSING && REQUIRED) throw new Error(`${NATIVE_MISSING} (PLANBOT_REQUIRE_POSTGRES=1 makes this a failure)`);
}

/**
 * A server without an afterAll (for callers that stop it themselves). `pglite: true` asks for
 * PGlite whatever is installed; `maxConnections` then bounds what it accepts (1 by default,
 * as PGlite's own server).
 */
export async function startTestPg(opts: { pglite?: boolean; maxConnections?: number } = {}): Promise<PgServer> {
  if (!opts.pglite) checkRequired();
  if (!opts.pglite && NATIVE_MISSING) warnOnce(`⚠ Postgres tests run on PGlite: ${NATIVE_MISSING}.`);
  if (opts.pglite || NATIVE_MISSING) return { ...(await startPglite(opts)), kind: "pglite" };
  const native = await startNativePg();
  console.log(`native ${native.version} on 127.0.0.1:${native.port}`);
  return { url: native.url, port: native.port, kind: "native", stop: native.remove };
}

/**
 * startTestPg(), stopped after the test file: by this afterAll when called at the top of a
 * describe, else (vitest ignores an afterAll registered inside beforeAll) when the test
 * worker exits, native servers removing their data then too (native-pg-process.ts).
 */
export async function startPgServer(opts: { pglite?: boolean; maxConnections?: number } = {}): Promise<PgServer> {
  const server = await startTestPg(opts);
  afterAll(server.stop);
  return server;
}

/** A native server the test controls (stop, restart), stopped after the test file (as above). */
export async function startNativeServer(opts: Parameters<typeof startNativePg>[0] = {}): Promise<NativePg> {
  const server = await startNativePg(opts);
  afterAll(server.remove);
  return server;
}

let warned = false;
function warnOnce(message: string): void {
  if (!warned) console.warn(`\n${message}\n`);
  warned = true;
}

/**
 * describe() for tests that need a native server. Without one they are skipped with a visible
 * warning, or, with PLANBOT_REQUIRE_POSTGRES=1, replaced by one failing test that says so.
 */
export function describeWithNativePg(name: string, body: () => void): void {
  if (!NATIVE_MISSING) return void describe(name, body);
  if (REQUIRED) return void describe(name, () => it("needs a native PostgreSQL with pgvector", checkRequired));
  console.warn(`\n⚠ skipping "${name}": ${NATIVE_MISSING}; these tests need a native server (PGlite stands in elsewhere).\n`);
  describe.skip(name, body);
}
