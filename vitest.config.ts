import { defineConfig } from "vitest/config";

// The suites that must behave the same whatever holds the index run twice: once on the HNSW
// folder (with everything else) and once on Postgres with pgvector (a native server when one
// with pgvector is installed, PGlite on 127.0.0.1 otherwise: test/helpers/pg-server.ts).
const BOTH_STORES = ["test/retrieval.test.ts", "test/citation-links.test.ts", "test/slack.e2e.test.ts", "test/telegram.e2e.test.ts"];

const shared = {
  // Native addons (hnswlib-node) and worker threads are happiest in child processes.
  pool: "forks" as const,
  testTimeout: 60_000,
  hookTimeout: 180_000,
  // Secrets must never reach test output; the e2e tests assert on captured logs instead.
  silent: false,
};

export default defineConfig({
  test: {
    projects: [{ test: { ...shared, name: "hnsw", include: ["test/**/*.test.ts"] } }, { test: { ...shared, name: "pgvector", include: BOTH_STORES, env: { PLANBOT_TEST_STORE: "pgvector" } } }],
  },
});
