// One planbot process (`src/main.ts`, started as `npm start` starts it) on its own
// port: a replica behind an imagined load balancer. Its output is kept for the test to read.
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./redis-server.js";
import { childEnv, projectCommand, ROOT } from "./run.js";

export interface Replica {
  port: number;
  url: string;
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** /healthz now: status and body, or undefined when nothing answers yet. */
  healthz(): Promise<{ status: number; body: Record<string, unknown> } | undefined>;
  /** The JSON log lines written so far. */
  logs(): { level: string; msg: string; [field: string]: unknown }[];
  /** SIGKILL unless it has exited (for the test's afterAll); the whole group when started with `npm`. */
  kill(): void;
  /** Signals its process group, as systemd (KillMode=control-group), Docker and Ctrl-C do (`npm` replicas). */
  signalGroup(signal: NodeJS.Signals): void;
}

export interface ReplicaOptions {
  /** Start it as `npm start` does, in a process group of its own (npm, then node). */
  npm?: boolean;
}

/** Starts a replica with `env` (on top of childEnv: no tokens, no Redis; a free PORT unless given); the test kills it in its afterAll. */
export async function startReplica(env: Record<string, string>, opts: ReplicaOptions = {}): Promise<Replica> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const [cmd, args] = opts.npm ? ["npm", ["start", "--silent"]] : projectCommand("src/main.ts");
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: childEnv({ PORT: String(port), ...env }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: opts.npm ?? false,
  });
  const r: Replica = {
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    stdout: "",
    stderr: "",
    exited: new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal }))),
    async healthz() {
      try {
        const res = await fetch(`${r.url}/healthz`, { signal: AbortSignal.timeout(3_000) });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      } catch {
        return undefined;
      }
    },
    logs() {
      return r.stderr
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { level: string; msg: string });
    },
    kill() {
      // node may outlive npm in the group: the group is signalled whatever npm did.
      if (opts.npm) return r.signalGroup("SIGKILL");
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
    signalGroup(signal) {
      if (!opts.npm) throw new Error("signalGroup() needs a replica started with { npm: true }");
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // the group is gone already
      }
    },
  };
  child.stdout!.on("data", (d) => (r.stdout += d));
  child.stderr!.on("data", (d) => (r.stderr += d));
  return r;
}

/** Polls `check` every 50 ms until it returns something other than undefined; throws after `timeoutMs`. */
export async function until<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the replica's /healthz says ok (200); throws with its output if it exits first. */
export async function ready(r: Replica, timeoutMs = 90_000): Promise<void> {
  await until(
    async () => {
      if (r.child.exitCode !== null) throw new Error(`replica on port ${r.port} exited with ${r.child.exitCode}: ${r.stderr}`);
      return (await r.healthz())?.status === 200 ? true : undefined;
    },
    timeoutMs,
    `the replica on port ${r.port} to be ready`,
  );
}
