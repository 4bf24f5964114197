import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // The marker throws outside Next's server build; the tests import server modules directly.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        // Some unit tests start a real sidecar process on the fixture model.
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node", hookTimeout: 60_000, testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/integration/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // The files share one PostgreSQL server and spawn app processes; two cores run them best in turn.
          fileParallelism: false,
        },
      },
    ],
  },
});
