// One Vitest config for unit tests (beside the code) and integration tests (test/): node, one
// forked process per test file, each with its own throwaway database (test/setup/database.ts).
// TEST_DB=postgres runs the same files against PostgreSQL at TEST_POSTGRES_URL.
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // Tests import server modules directly; `server-only` throws outside React's server condition.
      { find: /^server-only$/, replacement: path.join(root, "node_modules/server-only/empty.js") },
    ],
  },
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: [path.join(root, "test/setup/global-setup.ts"), path.join(root, "test/setup/worker-exits.ts")],
    setupFiles: [path.join(root, "test/setup/lifeline.ts"), path.join(root, "test/setup/database.ts")],
  },
});
