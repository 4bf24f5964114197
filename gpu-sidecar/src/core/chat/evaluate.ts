import type { LlamaContextSequence, SequenceEvaluateOptions, Token } from "node-llama-cpp";

/**
 * Feeds tokens to a sequence and yields the tokens it generates, one at a time. The one place the
 * model runs, passed in so that whoever builds the sidecar can wrap it without touching generation.
 */
export type Evaluate = (sequence: LlamaContextSequence, tokens: Token[], options: SequenceEvaluateOptions) => AsyncIterable<Token>;

export const evaluateOnSequence: Evaluate = (sequence, tokens, options) => sequence.evaluate(tokens, options);
