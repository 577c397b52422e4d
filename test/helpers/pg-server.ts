// Starts the PGlite + pgvector server (pglite-server.ts) in its own process for a test file
// and gives its postgres:// URL; stopped after the file. Each call is a fresh empty database.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll } from "vitest";

export interface PgServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startPgServer(opts: { stopAfterAll?: boolean } = {}): Promise<PgServer> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "pglite-server.ts")], {
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
    child.on("exit", (code) => reject(new Error(`the PGlite server exited (${code}): ${stderr}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  };
  if (opts.stopAfterAll !== false) afterAll(stop);
  return { url: `postgres://postgres:pglite-test-pw@127.0.0.1:${port}/postgres`, port, stop };
}
