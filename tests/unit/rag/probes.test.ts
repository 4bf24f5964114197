import { describe, expect, it } from "vitest";
import { OFF_TOPIC_PROBES } from "@/lib/rag/calibration/probes";

const isRussian = (text: string) => /\p{Script=Cyrillic}/u.test(text);
const fold = (text: string) => text.toLowerCase().replace(/\s+/g, " ").trim();

describe("the off-topic calibration probes", () => {
  it("are enough for a high percentile to mean something", () => {
    // The 95th percentile of 300 best scores leaves 15 above it, not one or two outliers.
    expect(OFF_TOPIC_PROBES.length).toBeGreaterThanOrEqual(300);
  });

  it("speak both of the product's languages, each at least 40 %", () => {
    const russian = OFF_TOPIC_PROBES.filter(isRussian).length;
    const english = OFF_TOPIC_PROBES.filter((probe) => !isRussian(probe) && /\p{Script=Latin}/u.test(probe)).length;
    expect(russian / OFF_TOPIC_PROBES.length).toBeGreaterThanOrEqual(0.4);
    expect(english / OFF_TOPIC_PROBES.length).toBeGreaterThanOrEqual(0.4);
    expect(russian + english).toBe(OFF_TOPIC_PROBES.length);
  });

  it("has no duplicates, whatever the case and spacing", () => {
    const duplicates = OFF_TOPIC_PROBES.filter((probe, i) => OFF_TOPIC_PROBES.findIndex((other) => fold(other) === fold(probe)) !== i);
    expect(duplicates).toEqual([]);
  });

  it("are questions of chat length, 3 to 20 words", () => {
    const outside = OFF_TOPIC_PROBES.filter((probe) => {
      const words = probe.trim().split(/\s+/).length;
      return words < 3 || words > 20;
    });
    expect(outside).toEqual([]);
  });
});
