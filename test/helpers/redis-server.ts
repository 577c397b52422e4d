// A real redis-server (the Debian package) for the tests of the shared state: on a free port of
// 127.0.0.1, nothing written to disk. The test stops it in its own afterAll: vitest ignores an
// afterAll registered from inside beforeAll, and its workers end without an "exit" event, so a
// server left running would outlive the test run. Without redis-server the Redis tests are
// skipped with a warning, or fail when PLANBOT_REQUIRE_REDIS=1 (CI).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import os from "node:os";
import { describe, it } from "vitest";
import { freePort } from "../../src/util/free-port.js";
import { stopChild } from "../../src/util/stop-child.js";

export { freePort };

const INSTALL = "install it with `apt-get install redis-server`";

/** Whether `redis-server` can be run here. */
export const HAVE_REDIS = spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;

/**
 * describe() for tests that need redis-server. When it is missing the tests are skipped with a
 * visible warning, or, with PLANBOT_REQUIRE_REDIS=1, replaced by one failing test that says so.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (HAVE_REDIS) return void describe(name, body);
  if (process.env.PLANBOT_REQUIRE_REDIS === "1") {
    return void describe(name, () => {
      it("needs redis-server", () => {
        throw new Error(`redis-server is not installed: ${INSTALL} (PLANBOT_REQUIRE_REDIS=1 makes this a failure)`);
      });
    });
  }
  console.warn(`\n⚠ skipping "${name}": redis-server is not installed; ${INSTALL} to run these tests.\n`);
  describe.skip(name, body);
}

export interface RedisServer {
  port: number;
  password?: string;
  /** redis://[:password@]127.0.0.1:port */
  url: string;
  /** Stops it: SIGTERM (or SIGKILL, as a crash) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port (empty: nothing is saved). */
  restart(): Promise<void>;
}

/** Starts redis-server and waits until it accepts connections; the caller stops it (afterAll). */
export async function startRedis(opts: { password?: string } = {}): Promise<RedisServer> {
  let port = 0;
  let child: ChildProcess | undefined;
  // A port found free can be taken before redis binds it: try a few.
  for (let attempt = 1; !child; attempt++) {
    port = await freePort();
    try {
      child = await launch(port, opts.password);
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
  const server: RedisServer = {
    port,
    password: opts.password,
    url: `redis://${opts.password ? `:${encodeURIComponent(opts.password)}@` : ""}127.0.0.1:${port}`,
    async stop(signal = "SIGTERM") {
      const c = child;
      child = undefined;
      await stopChild(c, signal);
    },
    async restart() {
      await server.stop();
      child = await launch(port, opts.password);
    },
  };
  return server;
}

function launch(port: number, password?: string): Promise<ChildProcess> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", os.tmpdir(), "--loglevel", "notice"];
  if (password) args.push("--requirepass", password);
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error(`redis-server did not start within 10 s: ${out}`)), 10_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(err);
    };
    child.once("error", fail);
    child.once("exit", (code) => fail(new Error(`redis-server exited (${code}) at start: ${out}`)));
    child.stdout!.on("data", (d: Buffer) => {
      out += d;
      if (!out.includes("Ready to accept connections")) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      child.removeAllListeners("error");
      resolve(child);
    });
    child.stderr!.on("data", (d: Buffer) => (out += d));
  });
}
