import { defineConfig, devices } from "@playwright/test";
import { CHAT_SERVERS } from "./e2e/support/chat-servers";

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${PORT}`;
/** Known to the tests so they can mint session cookies for users they create in the database. */
export const E2E_AUTH_SECRET = "e2e-only-secret-0123456789abcdef0123456789abcdef";

// Debian's Chromium, never a downloaded browser (these machines cannot fetch one).
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"], ["html", { open: "never" }]],
  timeout: 30_000,
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromium,
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions: chromium }, testIgnore: [/\.mobile\.spec\.ts$/, /\/chat-[^/]+\.spec\.ts$/, /\/first-run\.spec\.ts$/, /\/cluster\.spec\.ts$/] },
    // `npm run demo` from nothing, run by the spec itself as a child process (E2E_PORT + 5): no webServer of its own.
    { name: "first-run", use: { ...devices["Desktop Chrome"], launchOptions: chromium }, testMatch: /\/first-run\.spec\.ts$/ },
    // Two app servers and two workers on one database, started by the spec itself (E2E_PORT + 30, + 31).
    { name: "cluster", use: { ...devices["Desktop Chrome"], launchOptions: chromium }, testMatch: /\/cluster\.spec\.ts$/ },
    { name: "mobile", use: { ...devices["Pixel 7"], launchOptions: chromium }, testMatch: /\.mobile\.spec\.ts$/ },
    // The student chat runs against its own servers, one per LLM provider (e2e/support/chat-servers.ts).
    ...Object.values(CHAT_SERVERS).map((server) => ({
      name: `chat-${server.name}`,
      use: { ...devices["Desktop Chrome"], launchOptions: chromium, baseURL: `http://127.0.0.1:${server.port}` },
      // chat-<server>.spec.ts and chat-<server>.<topic>.spec.ts run against that server.
      testMatch: new RegExp(`chat-${server.name}(\\.[\\w-]+)?\\.spec\\.ts$`),
    })),
  ],
  webServer: [
    {
      command: "node_modules/.bin/tsx e2e/support/serve.ts",
      url: `${E2E_BASE_URL}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
      // LLM_PROVIDER=none: this server's answers quote the materials (the demo would choose its local model).
      env: { PORT: String(PORT), DATA_DIR: ".data/e2e", NEXT_TELEMETRY_DISABLED: "1", AUTH_SECRET: E2E_AUTH_SECRET, LLM_PROVIDER: "none", LLM_PRICES: '{"gemini": {"input": 0.3, "output": 2.5}}' },
    },
    // Started after the first, so they find its build and do not build again.
    ...Object.values(CHAT_SERVERS).map((server) => ({
      command: "node_modules/.bin/tsx e2e/support/serve-chat.ts",
      url: `http://127.0.0.1:${server.port}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe" as const,
      env: { E2E_CHAT_SERVER: server.name, NEXT_TELEMETRY_DISABLED: "1" },
    })),
  ],
});
