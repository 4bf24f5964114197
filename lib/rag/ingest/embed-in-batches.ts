import type { EmbedTexts } from "@/lib/embeddings/embed-texts";
import type { Chunk } from "../chunk";

/** Texts per embedding request: the sidecar's default forward-pass size, so a request fills one pass. */
export const EMBED_BATCH = 64;
/**
 * Embedding requests kept in flight, so the embedder always has the next batch while this process
 * reads the last one, reports progress or writes points (measured with `npm run bench:ingest`).
 */
export const EMBED_CONCURRENCY = 2;

/** What the embedder sees: the passage with its document and section, which situates short passages. */
export function embeddingText(title: string, chunk: Chunk): string {
  return [chunk.section ? `${title} › ${chunk.section}` : title, chunk.text].join("\n");
}

/**
 * Embeds passages in batches of EMBED_BATCH with EMBED_CONCURRENCY requests in flight and hands
 * each batch's vectors to onBatch in order; while onBatch runs, the next requests are already out.
 */
export async function embedInBatches(
  embed: EmbedTexts,
  texts: string[],
  onBatch: (vectors: number[][], start: number) => Promise<void> | void,
): Promise<void> {
  const inFlight: { start: number; vectors: Promise<number[][]> }[] = [];
  let next = 0;
  const send = () => {
    if (next >= texts.length) return;
    const vectors = embed(texts.slice(next, next + EMBED_BATCH), "passage");
    // Awaited in order below; a later batch failing first must not count as unhandled meanwhile.
    vectors.catch(() => {});
    inFlight.push({ start: next, vectors });
    next += EMBED_BATCH;
  };
  while (inFlight.length < EMBED_CONCURRENCY && next < texts.length) send();
  while (inFlight.length > 0) {
    const { start, vectors } = inFlight.shift()!;
    const batch = await vectors;
    send();
    await onBatch(batch, start);
  }
}
