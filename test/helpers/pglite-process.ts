// Starts scripts/pglite-server.ts (PGlite + pgvector on 127.0.0.1) as a child process and
// gives its URL: the benchmark's and the tests' Postgres when no real one is configured.
import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT as REPO_ROOT } from "./run.js";

export interface PgliteProcess {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** `maxConnections`: what the server accepts at once (1 by default, as PGlite's own server). */
export async function startPglite(opts: { maxConnections?: number } = {}): Promise<PgliteProcess> {
  const args = ["--import", "tsx", path.join(REPO_ROOT, "scripts/pglite-server.ts"), "--max-connections", String(opts.maxConnections ?? 1), "--stop-with-parent"];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += String(d)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the PGlite server did not start in 60 s: ${stderr}`)), 60_000);
    child.stdout.on("data", (d) => {
      const m = /listening (\d+)/.exec(String(d));
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the PGlite server exited (${code}): ${stderr}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  };
  // The password is ignored by PGlite; it is there so that tests can check it never leaks.
  return { url: `postgres://postgres:pglite-test-pw@127.0.0.1:${port}/postgres`, port, stop };
}
