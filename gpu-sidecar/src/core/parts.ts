import { evaluateOnSequence, type Evaluate } from "./chat/evaluate.js";
import { loadEmbeddingModel, type LoadEmbeddingModel } from "./embedding/load.js";

/** The pieces that run models, passed in rather than imported so that an entry script can wrap them. */
export type SidecarParts = { loadEmbeddingModel: LoadEmbeddingModel; evaluate: Evaluate };

export const defaultParts: SidecarParts = { loadEmbeddingModel, evaluate: evaluateOnSequence };
