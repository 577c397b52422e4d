// Stops a child process with `signal` and waits until it has exited (nothing when it already has).
import type { ChildProcess } from "node:child_process";

export async function stopChild(c: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!c || c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => c.once("exit", () => resolve()));
  c.kill(signal);
  await exited;
}
