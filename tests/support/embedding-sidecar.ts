import { copyFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { cleanup, startSidecar, type RunningSidecar } from "../../gpu-sidecar/test/sidecar-process";

const FIXTURE = path.resolve("tests/fixtures/static-xlmr");
const XLMR_TOKENIZER = path.resolve("../shared/models/tokenizers/xlm-roberta/tokenizer.json");

/**
 * The real sidecar process on the static-embedding fixture with the real XLM-RoBERTa tokenizer
 * (the vocabulary of multilingual-e5 and bge-m3): vectors reflect shared subwords, so retrieval
 * tests have a meaningful dense ranking. See tests/fixtures/make-static-embedding-model.py.
 */
export async function startRetrievalSidecar(env: Record<string, string> = {}): Promise<RunningSidecar & { close: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "static-xlmr-"));
  await Promise.all([
    copyFile(path.join(FIXTURE, "model.onnx"), path.join(dir, "model.onnx")),
    copyFile(path.join(FIXTURE, "sidecar.json"), path.join(dir, "sidecar.json")),
    copyFile(XLMR_TOKENIZER, path.join(dir, "tokenizer.json")),
  ]);
  const sidecar = await startSidecar(dir, env);
  await sidecar.waitReady();
  return {
    ...sidecar,
    close: async () => {
      await sidecar.stop();
      await cleanup(dir);
    },
  };
}
