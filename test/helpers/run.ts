// Runs one of the project's commands as a real child process.
import { spawn } from "node:child_process";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for a child: no platform tokens (so `start` stays in the terminal), no Redis, plus `env`. */
export function childEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TELEGRAM_BOT_TOKEN: "",
    SLACK_BOT_TOKEN: "",
    SLACK_APP_TOKEN: "",
    REDIS_URL: "",
    EMBED_WORKERS: "1",
    ...env,
  };
}

/**
 * The commands npm runs from the bundle (package.json: start, ingest, ask, eval; built by
 * `npm test` before the suite runs). The other scripts run through tsx, as npm runs them.
 */
const BUNDLED: Record<string, string> = {
  "src/main.ts": "dist/main.mjs",
  "scripts/ingest.ts": "dist/ingest.mjs",
  "scripts/ask.ts": "dist/ask.mjs",
  "scripts/eval.ts": "dist/eval.mjs",
};

/** node + arguments that run one of the project's scripts as its npm command does. */
export function projectCommand(script: string, args: string[] = []): [string, string[]] {
  const bundle = BUNDLED[script];
  if (bundle) return [process.execPath, [path.join(ROOT, bundle), ...args]];
  return [process.execPath, ["--import", "tsx", path.join(ROOT, script), ...args]];
}

export function run(script: string, args: string[], opts: { env?: Record<string, string>; input?: string | Buffer; timeoutMs?: number; command?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // A project script as npm runs it, or any command (`command`) with `script` as its first argument.
    const [cmd, argv] = opts.command ? [opts.command, [script, ...args]] : projectCommand(script, args);
    const child = spawn(cmd, argv, { cwd: ROOT, env: childEnv(opts.env) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} timed out; stderr: ${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? "");
  });
}
