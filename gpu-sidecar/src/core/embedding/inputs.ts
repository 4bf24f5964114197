import { SidecarError } from "../errors.js";
import type { EmbeddingModel } from "./load.js";
import type { InputType, Manifest } from "./manifest.js";

/** One input on its way to a batch. */
export type Job = { ids: number[] };

/** What a client asks to embed, whatever the wire format. */
export type EmbeddingRequest = { input: string[]; inputType: InputType | undefined; truncate: boolean; dimensions: number | undefined };

/** Vectors come at the model's dimension or one it was trained to be cut to (Matryoshka). */
export function checkDimensions(dimensions: number | undefined, manifest: Manifest): void {
  if (dimensions === undefined || dimensions === manifest.dimension || manifest.matryoshkaDimensions.includes(dimensions)) return;
  const allowed = [...manifest.matryoshkaDimensions, manifest.dimension].join(", ");
  throw new SidecarError("invalid_input", `dimensions must be one of ${allowed} for model ${manifest.id}`, { param: "dimensions" });
}

/** Tokenises each input after the prefix its input type takes; an input over the model's maximum is cut, or refused without truncate. */
export function tokenizeInputs(model: EmbeddingModel, request: EmbeddingRequest): Job[] {
  const { manifest, tokenizer } = model;
  const prefix = request.inputType ? manifest.prefixes[request.inputType] : "";
  return request.input.map((text, index) => {
    const { ids, fullLength } = tokenizer.encode(prefix + text, manifest.maxTokens);
    if (!request.truncate && fullLength > manifest.maxTokens) {
      const message = `input[${index}] has ${fullLength} tokens, more than the model's maximum of ${manifest.maxTokens} (send truncate: true to cut it)`;
      throw new SidecarError("invalid_input", message, { param: "input" });
    }
    return { ids };
  });
}
