import { copyFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { cleanup, startSidecar, type RunningSidecar, type SidecarFaults } from "../../gpu-sidecar/test/sidecar-process";

/**
 * The static-embedding fixtures (see tests/fixtures/make-static-embedding-model.py):
 * `static-xlmr` spreads similarities over the whole range; `static-xlmr-anisotropic` (384-d, like
 * multilingual-e5-small) squeezes every similarity into about 0.8–1.0, as trained encoders do.
 */
export type RetrievalFixture = "static-xlmr" | "static-xlmr-anisotropic";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");
const XLMR_TOKENIZER = path.resolve(import.meta.dirname, "../../../shared/models/tokenizers/xlm-roberta/tokenizer.json");

/** A complete model directory (graph, manifest, real tokenizer) for a fixture, in a temp folder; remove it with cleanup(). */
export async function makeRetrievalModelDir(fixture: RetrievalFixture = "static-xlmr"): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `${fixture}-`));
  await Promise.all([
    copyFile(path.join(FIXTURES, fixture, "model.onnx"), path.join(dir, "model.onnx")),
    copyFile(path.join(FIXTURES, fixture, "sidecar.json"), path.join(dir, "sidecar.json")),
    copyFile(XLMR_TOKENIZER, path.join(dir, "tokenizer.json")),
  ]);
  return dir;
}

/**
 * The real sidecar process on a static-embedding fixture with the real XLM-RoBERTa tokenizer
 * (the vocabulary of multilingual-e5 and bge-m3): vectors reflect shared subwords, so retrieval
 * tests have a meaningful dense ranking. `faults` (a pause per generated token) start the sidecar's
 * test entry instead, which wraps its parts with them.
 */
export async function startRetrievalSidecar(
  env: Record<string, string> = {},
  fixture: RetrievalFixture = "static-xlmr",
  faults: SidecarFaults = {},
): Promise<RunningSidecar & { close: () => Promise<void> }> {
  const dir = await makeRetrievalModelDir(fixture);
  const sidecar = await startSidecar(dir, env, faults);
  await sidecar.waitReady();
  return {
    ...sidecar,
    close: async () => {
      await sidecar.stop();
      await cleanup(dir);
    },
  };
}
