import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Native addons (hnswlib-node) and worker threads are happiest in child processes.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Secrets must never reach test output; the e2e tests assert on captured logs instead.
    silent: false,
  },
});
