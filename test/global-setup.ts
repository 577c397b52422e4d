// Spawned commands run as npm runs them (scripts/launch.mjs): from the bundle in dist/ when it
// is up to date. Build it first when it is not, so the suite tests the bundle that users run
// rather than silently falling back to tsx after an edit.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { bundleIsFresh } from "../scripts/compiled-entry.mjs";

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, "..");
  if (bundleIsFresh(root)) return;
  const r = spawnSync(process.execPath, [path.join(root, "scripts/build.mjs")], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
}
