import { describe, expect, it } from "vitest";
import { estimateCost, priceFor } from "@/lib/admin/dashboard/cost";
import { ConfigError, parseConfig } from "@/lib/config/load";

const problems = (env: Record<string, string>) => {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected the configuration to be rejected");
};

describe("dashboard and metrics settings", () => {
  it("default to no metrics endpoint, no prices and UTC days", () => {
    const config = parseConfig({});
    expect(config.METRICS_TOKEN).toBeUndefined();
    expect(config).toMatchObject({ LLM_PRICES: {}, DASHBOARD_TIME_ZONE: "UTC" });
  });

  it("read prices as JSON keyed by provider or provider/model, and an IANA time zone", () => {
    const config = parseConfig({ LLM_PRICES: '{"gemini": {"input": 0.3, "output": 2.5}, "vllm/qwen": {"input": 0, "output": 0}}', DASHBOARD_TIME_ZONE: "Europe/Moscow" });
    expect(config.LLM_PRICES).toEqual({ gemini: { input: 0.3, output: 2.5 }, "vllm/qwen": { input: 0, output: 0 } });
    expect(config.DASHBOARD_TIME_ZONE).toBe("Europe/Moscow");
  });

  it("name the variable of a wrong value", () => {
    expect(problems({ LLM_PRICES: "gemini=0.3" })).toEqual([{ variable: "LLM_PRICES", message: expect.stringMatching(/must be JSON/) }]);
    expect(problems({ LLM_PRICES: '{"gemini": {"input": -1, "output": 2}}' })[0].variable).toBe("LLM_PRICES");
    expect(problems({ DASHBOARD_TIME_ZONE: "Moscow" })).toEqual([{ variable: "DASHBOARD_TIME_ZONE", message: expect.stringMatching(/IANA/) }]);
    expect(problems({ METRICS_TOKEN: "short" })).toEqual([{ variable: "METRICS_TOKEN", message: expect.stringMatching(/16 characters/) }]);
  });
});

describe("estimated cost", () => {
  const prices = { openai: { input: 2, output: 8 }, "openai/gpt-4.1-mini": { input: 0.4, output: 1.6 } };

  it("prefers the model's price to the provider's, and has none for unpriced providers", () => {
    expect(priceFor(prices, "openai", "gpt-4.1-mini")).toEqual({ input: 0.4, output: 1.6 });
    expect(priceFor(prices, "openai", "gpt-4.1")).toEqual({ input: 2, output: 8 });
    expect(priceFor(prices, "openai", null)).toEqual({ input: 2, output: 8 });
    expect(priceFor(prices, "gemini", "gemini-2.5-flash")).toBeUndefined();
  });

  it("prices tokens per million", () => {
    expect(estimateCost({ input: 2, output: 8 }, 1_000_000, 500_000)).toBe(6);
    expect(estimateCost(undefined, 1000, 1000)).toBeNull();
  });
});
