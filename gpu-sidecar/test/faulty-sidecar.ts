import { setTimeout as sleep } from "node:timers/promises";
import { parseSettings } from "../src/config.js";
import type { Evaluate } from "../src/core/chat/evaluate.js";
import type { EmbeddingModel } from "../src/core/embedding/load.js";
import { defaultParts } from "../src/core/parts.js";
import { runSidecar } from "../src/server.js";

/*
 * The real sidecar with faults wrapped around its parts, run as its own process like src/main.ts
 * (startSidecar's `faults` start it):
 * - TEST_FAULT_MARKER: a batch holding an input that contains this text throws, to test the 500 path;
 * - TEST_TOKEN_DELAY_MS: a pause after each generated token, so a test can watch and stop an answer;
 * - TEST_ENCODE_DELAY_MS: a pause before each embedding batch, so that requests sent together are in
 *   flight together, however fast the machine runs the fixture model.
 */

/** The encoder sees only token ids, so the tokenizer remembers which ids came from a marked text. */
function failOnMarker(model: EmbeddingModel, marker: string): EmbeddingModel {
  const marked = new WeakSet<readonly number[]>();
  return {
    ...model,
    tokenizer: {
      encode: (text, maxTokens) => {
        const encoded = model.tokenizer.encode(text, maxTokens);
        if (text.includes(marker)) marked.add(encoded.ids);
        return encoded;
      },
    },
    encoder: {
      encode: async (sequences) => {
        if (sequences.some((ids) => marked.has(ids))) throw new Error("fault injected by TEST_FAULT_MARKER");
        return model.encoder.encode(sequences);
      },
    },
  };
}

function delayEncoding(model: EmbeddingModel, delayMs: number): EmbeddingModel {
  return {
    ...model,
    encoder: {
      encode: async (sequences) => {
        await sleep(delayMs);
        return model.encoder.encode(sequences);
      },
    },
  };
}

/** Pauses once the caller has taken a token, before the model computes the next. */
function slowDown(evaluate: Evaluate, delayMs: number): Evaluate {
  return async function* (sequence, tokens, options) {
    for await (const token of evaluate(sequence, tokens, options)) {
      yield token;
      await sleep(delayMs);
    }
  };
}

const marker = process.env.TEST_FAULT_MARKER;
const tokenDelayMs = Number(process.env.TEST_TOKEN_DELAY_MS ?? 0);
const encodeDelayMs = Number(process.env.TEST_ENCODE_DELAY_MS ?? 0);
runSidecar(parseSettings(process.env), {
  loadEmbeddingModel: async (directory, settings) => {
    let model = await defaultParts.loadEmbeddingModel(directory, settings);
    if (marker) model = failOnMarker(model, marker);
    if (encodeDelayMs > 0) model = delayEncoding(model, encodeDelayMs);
    return model;
  },
  evaluate: tokenDelayMs > 0 ? slowDown(defaultParts.evaluate, tokenDelayMs) : defaultParts.evaluate,
});
