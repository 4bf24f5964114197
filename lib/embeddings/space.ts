import { createHash } from "node:crypto";
import type { EmbedCallOptions, EmbedTexts } from "./embed-texts";
import type { VectorSpace } from "@/lib/vector/types";

// A fixed text whose vector identifies the embedding model, so vectors another model made (a new
// EMBEDDINGS_MODEL, another model behind the sidecar) land in a space of their own instead of being
// compared across models. Rounded, so that CPU and GPU runs of one model agree.
const PROBE = "Когда экзамен? When is the exam?";
const PROBE_DIMENSIONS = 16;
const PROBE_DECIMALS = 2;

/** The space of the model behind `embed`: a fingerprint of the probe's vector, and its size. */
export async function probeSpace(embed: EmbedTexts, options?: EmbedCallOptions): Promise<VectorSpace> {
  const [vector] = await embed([PROBE], "query", options);
  const head = vector.slice(0, PROBE_DIMENSIONS).map((x) => x.toFixed(PROBE_DECIMALS));
  const key = createHash("sha256").update(`${vector.length}:${head.join(",")}`).digest("hex").slice(0, 16);
  return { key, dimension: vector.length };
}

export type SpaceTracker = {
  /** The embedder's current space, or null while it does not answer. */
  current: () => Promise<VectorSpace | null>;
  /** Forgets what it knew, e.g. after a query vector of an unexpected size. */
  invalidate: () => void;
};

export type SpaceTrackerOptions = {
  /** How long a known space is trusted before it is probed again (a model swap is noticed within this). */
  upTtlMs?: number;
  /** How long "no embedder" is trusted: the chat does not wait on a dead sidecar for every question. */
  downTtlMs?: number;
  timeoutMs: number;
};

/**
 * Knows which embedding space the embedder is in, probing it at most once per TTL; concurrent
 * callers share one probe.
 */
export function createSpaceTracker(embed: EmbedTexts, { upTtlMs = 30_000, downTtlMs = 2_000, timeoutMs }: SpaceTrackerOptions): SpaceTracker {
  let known: { space: VectorSpace | null; until: number } | undefined;
  let probing: Promise<VectorSpace | null> | undefined;
  const probe = () =>
    probeSpace(embed, { abortSignal: AbortSignal.timeout(timeoutMs), maxRetries: 0 }).then(
      (space) => ((known = { space, until: Date.now() + upTtlMs }), space),
      () => ((known = { space: null, until: Date.now() + downTtlMs }), null),
    );
  return {
    current: () => {
      if (known && known.until > Date.now()) return Promise.resolve(known.space);
      probing ??= probe().finally(() => (probing = undefined));
      return probing;
    },
    invalidate: () => (known = undefined),
  };
}
