import { describe, expect, it } from "vitest";
import { EMBED_BATCH, EMBED_CONCURRENCY, embedInBatches } from "@/lib/rag/ingest/embed-in-batches";

const texts = Array.from({ length: EMBED_BATCH * 4 + 3 }, (_, i) => `passage ${i}`);

describe("embedInBatches", () => {
  it("hands every batch's vectors over in order, with at most EMBED_CONCURRENCY requests in flight", async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const embed = async (batch: string[]) => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      // Later batches answer first, so order must come from the caller, not from arrival.
      await new Promise((resolve) => setTimeout(resolve, 20 - batch.length / 10));
      inFlight--;
      return batch.map((text) => [Number(text.split(" ")[1])]);
    };
    const seen: number[] = [];
    const starts: number[] = [];
    await embedInBatches(embed, texts, async (vectors, start) => {
      starts.push(start);
      seen.push(...vectors.map(([value]) => value));
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    expect(seen).toEqual(texts.map((_, i) => i));
    expect(starts).toEqual([0, 1, 2, 3, 4].map((i) => i * EMBED_BATCH));
    expect(mostInFlight).toBe(EMBED_CONCURRENCY);
  });

  it("fails with the first failing batch's error and no unhandled rejection from the others", async () => {
    const embed = async (batch: string[]) => {
      await new Promise((resolve) => setTimeout(resolve, batch[0] === "passage 0" ? 20 : 1));
      throw new Error(`embedder down at ${batch[0]}`);
    };
    await expect(embedInBatches(embed, texts, () => {})).rejects.toThrow("embedder down at passage 0");
  });
});
