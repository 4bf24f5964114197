import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { envSchema } from "@/lib/config/schema";
import { parseConfig } from "@/lib/config/load";

const example = readFileSync(".env.example", "utf8");
const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);

describe(".env.example", () => {
  it("documents exactly the settings the app reads", () => {
    const schemaKeys = Object.keys(envSchema.shape).sort();
    expect([...documented].sort()).toEqual(schemaKeys);
  });

  it("is itself a valid configuration", () => {
    const values = Object.fromEntries([...example.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    expect(() => parseConfig(values)).not.toThrow();
  });
});
