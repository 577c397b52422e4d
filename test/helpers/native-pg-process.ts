// A throwaway native PostgreSQL server with pgvector on 127.0.0.1, started as a child process:
// the benchmark's and the tests' real Postgres (PGlite is the fallback where none is installed).
// initdb into a temporary folder (run as the `postgres` user when we are root: initdb refuses
// root), then `postgres` itself without fsync: it survives its own crash, not the machine's.
// The server can be killed and started again on the same port and data (a restart mid-run).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../src/util/free-port.js";

export interface NativePg {
  url: string;
  port: number;
  /** "PostgreSQL 15.20 with pgvector 0.8.6" */
  version: string;
  /** Stops it: SIGINT (fast shutdown) or SIGQUIT (immediate: a crash, recovered at restart), and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data folder. */
  restart(): Promise<void>;
  /** Stops it and removes its data. */
  remove(): Promise<void>;
}

/**
 * The same server's URL as seen by replica `r` (0: the URL itself): another application_name,
 * so that the replica gets a connection pool of its own (pools.ts keys pools by URL), as a
 * second planbot process would.
 */
export function replicaUrl(url: string, r: number): string {
  if (r === 0) return url;
  const u = new URL(url);
  u.searchParams.set("application_name", `planbot-replica-${r}`);
  return u.toString();
}

interface Install {
  bin: string;
  vector: string;
}

/** The newest installed PostgreSQL that has pgvector, or why there is none. */
export function findNativePg(): Install | { missing: string } {
  const fromPath = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  const roots = fromPath.status === 0 ? [path.dirname(fromPath.stdout.trim())] : [];
  if (existsSync("/usr/lib/postgresql")) {
    const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
    roots.push(...versions.map((v) => `/usr/lib/postgresql/${v}`));
  }
  const withServer = roots.filter((r) => existsSync(path.join(r, "bin/postgres")) && existsSync(path.join(r, "bin/initdb")));
  if (withServer.length === 0) return { missing: "no PostgreSQL server is installed (apt-get install postgresql-15)" };
  for (const root of withServer) {
    const share = spawnSync(path.join(root, "bin/pg_config"), ["--sharedir"], { encoding: "utf8" });
    const control = share.status === 0 ? path.join(share.stdout.trim(), "extension/vector.control") : "";
    if (control && existsSync(control)) return { bin: path.join(root, "bin"), vector: control };
  }
  return { missing: "PostgreSQL has no pgvector extension (build it: see .ci/pgvector)" };
}

/** The uid/gid to run the server as: ours, or the `postgres` user's when we are root. */
export function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  const uid = id("-u");
  if (!Number.isInteger(uid) || uid <= 0) throw new Error("running as root needs a `postgres` user for initdb (the Debian package makes one)");
  return { uid, gid: id("-g") };
}

export async function startNativePg(opts: { password?: string; maxConnections?: number; extraConf?: string[] } = {}): Promise<NativePg> {
  const found = findNativePg();
  if ("missing" in found) throw new Error(found.missing);
  const user = serverUser();
  const data = await mkdtemp(path.join(os.tmpdir(), "planbot-pg-"));
  if (user) await chown(data, user.uid, user.gid);
  const init = spawnSync(path.join(found.bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale", "C"], {
    encoding: "utf8",
    ...user,
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const args = [
    "-D",
    data,
    "-p",
    String(port),
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "unix_socket_directories=",
    "-c",
    "fsync=off",
    "-c",
    "full_page_writes=off",
    "-c",
    `max_connections=${opts.maxConnections ?? 100}`,
    ...(opts.extraConf ?? []).flatMap((c) => ["-c", c]),
  ];
  let running: Running | undefined;
  const launch = async () => {
    running = await launchServer(data, path.join(found.bin, "postgres"), args, user);
  };
  const stop = async (signal: NodeJS.Signals = "SIGINT") => {
    const r = running;
    running = undefined;
    if (!r || r.wrapper.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => r.wrapper.once("exit", () => resolve()));
    r.wrapper.stdin!.end("keep\n");
    try {
      process.kill(r.pid, signal);
    } catch {
      /* it had stopped by itself: the wrapper is ending too */
    }
    await exited;
  };
  await launch();
  const password = opts.password ?? "native-test-pw";
  // Trust authentication ignores the password; it is there so that tests can check it never leaks.
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const version = describeServer(found);
  return {
    url,
    port,
    version,
    stop,
    restart: launch,
    remove: async () => {
      const r = running;
      running = undefined;
      if (r && r.wrapper.exitCode === null) {
        const exited = new Promise<void>((resolve) => r.wrapper.once("exit", () => resolve()));
        r.wrapper.stdin!.end();
        await exited;
      }
      await rm(data, { recursive: true, force: true });
    },
  };
}

/**
 * Runs postgres under a small shell that stops it (fast shutdown) and removes its data when its
 * stdin closes: when we end it on purpose, and when our process dies without a word (a test
 * worker's end, a killed benchmark), so that no server outlives us. Told "keep" first, it only
 * waits for postgres, which we then signal ourselves (a restart keeps the data).
 */
const WRAPPER = `data=$1; shift
"$@" & pg=$!
echo "pid $pg"
if read -r say && [ "$say" = keep ]; then wait $pg; exit 0; fi
kill -INT $pg 2>/dev/null; wait $pg; rm -rf "$data"`;

interface Running {
  wrapper: ChildProcess;
  /** The postmaster's pid (signalled directly: SIGINT fast shutdown, SIGQUIT immediate). */
  pid: number;
}

function launchServer(data: string, bin: string, args: string[], user: { uid: number; gid: number } | undefined): Promise<Running> {
  const wrapper = spawn("sh", ["-c", WRAPPER, "sh", data, bin, ...args], { stdio: ["pipe", "pipe", "pipe"], ...user });
  return new Promise((resolve, reject) => {
    let out = "";
    let pid = 0;
    let ready = false;
    const timer = setTimeout(() => fail(new Error(`postgres did not start within 30 s: ${out}`)), 30_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      wrapper.stdin!.end();
      reject(err);
    };
    const settle = () => {
      if (!ready || !pid) return;
      clearTimeout(timer);
      wrapper.removeAllListeners("exit");
      wrapper.removeAllListeners("error");
      resolve({ wrapper, pid });
    };
    wrapper.once("error", fail);
    wrapper.once("exit", (code) => fail(new Error(`postgres exited (${code}) at start: ${out}`)));
    wrapper.stdout!.on("data", (d: Buffer) => {
      pid ||= Number(/pid (\d+)/.exec(String(d))?.[1] ?? 0);
      settle();
    });
    // Read on after start-up too: a full pipe would block the server's logging.
    wrapper.stderr!.on("data", (d: Buffer) => {
      if (ready) return;
      out += d;
      ready = out.includes("database system is ready to accept connections");
      settle();
    });
  });
}

function describeServer(found: Install): string {
  const pg = spawnSync(path.join(found.bin, "postgres"), ["--version"], { encoding: "utf8" }).stdout;
  const vector = /default_version = '([^']+)'/.exec(readFileSync(found.vector, "utf8"))?.[1] ?? "?";
  return `PostgreSQL ${/\d+\.\d+/.exec(pg)?.[0] ?? "?"} with pgvector ${vector}`;
}
