import * as ort from "onnxruntime-node";
import { l2Normalize, pool } from "./pooling.js";
import type { Manifest } from "./manifest.js";

const knownInputs = ["input_ids", "attention_mask", "token_type_ids"] as const;
type KnownInput = (typeof knownInputs)[number];

/** Runs padded batches of token ids through the ONNX encoder and pools them into vectors. */
export class Encoder {
  private readonly inputs: { name: KnownInput; type: "int64" | "int32" }[];

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly manifest: Manifest,
  ) {
    this.inputs = session.inputMetadata.map((meta) => {
      if (!(knownInputs as readonly string[]).includes(meta.name)) {
        throw new Error(`model input "${meta.name}" is not supported (expected ${knownInputs.join(", ")})`);
      }
      const type = meta.isTensor ? meta.type : undefined;
      if (type !== "int64" && type !== "int32") throw new Error(`model input "${meta.name}" must be int64 or int32, not ${String(type)}`);
      return { name: meta.name as KnownInput, type };
    });
    if (!session.outputNames.includes(manifest.output)) {
      throw new Error(`model has no output "${manifest.output}" (it has ${session.outputNames.join(", ")})`);
    }
  }

  /** One vector per sequence, in order; unit length when the manifest asks for normalisation. */
  async encode(sequences: readonly (readonly number[])[]): Promise<Float32Array[]> {
    const batch = sequences.length;
    const length = Math.max(...sequences.map((ids) => ids.length));
    const ids = new Int32Array(batch * length);
    const mask = new Int32Array(batch * length);
    sequences.forEach((sequence, row) => {
      ids.set(sequence, row * length);
      mask.fill(1, row * length, row * length + sequence.length);
    });
    const values: Record<KnownInput, Int32Array> = { input_ids: ids, attention_mask: mask, token_type_ids: new Int32Array(batch * length) };
    const feeds: Record<string, ort.Tensor> = {};
    for (const input of this.inputs) {
      const data = input.type === "int64" ? BigInt64Array.from(values[input.name], (v) => BigInt(v)) : values[input.name];
      feeds[input.name] = new ort.Tensor(input.type, data, [batch, length]);
    }
    const output = (await this.session.run(feeds, [this.manifest.output]))[this.manifest.output];
    if (!output || output.dims.length !== 3) throw new Error(`output "${this.manifest.output}" must be [batch, sequence, hidden]`);
    const width = Number(output.dims[2]);
    const hidden = output.data as Float32Array;
    return sequences.map((sequence, row) => {
      const vector = pool(hidden, row, length, sequence.length, width, this.manifest.pooling);
      return this.manifest.normalize ? l2Normalize(vector) : vector;
    });
  }
}
