import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file spawns a real sidecar process; model loading and warm-up take a moment on 2 cores.
    testTimeout: 30_000,
    // One file at a time: the limits tests (429s, queues, timings) measure a process the other
    // files' sidecars would otherwise be competing with for the same two cores.
    fileParallelism: false,
    hookTimeout: 60_000,
  },
});
