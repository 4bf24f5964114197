import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file spawns a real sidecar process; model loading and warm-up take a moment on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
