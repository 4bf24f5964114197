import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], hookTimeout: 60_000, testTimeout: 30_000 } },
      { extends: true, test: { name: "integration", include: ["tests/integration/**/*.test.ts"], hookTimeout: 120_000, testTimeout: 60_000 } },
    ],
  },
});
