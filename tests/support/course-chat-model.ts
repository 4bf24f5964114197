import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { writeTinyGguf } from "../../gpu-sidecar/test/tiny-gguf";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * The tiny random-weight chat model with a vocabulary of the demo course's words and of the
 * answer prompt, so the app's prompts cost about as many tokens as with a real model (the app
 * estimates tokens, it does not count them) and the sidecar serves them at its default context.
 */
export async function writeCourseChatModel(file: string): Promise<string> {
  const materials = path.join(ROOT, "demo/materials");
  const texts = await Promise.all([
    ...(await readdir(materials)).map((name) => readFile(path.join(materials, name), "utf8")),
    readFile(path.join(ROOT, "demo/course.json"), "utf8"),
    readFile(path.join(ROOT, "lib/chat/prompt.ts"), "utf8"),
  ]);
  return writeTinyGguf(file, { corpus: texts.join("\n"), contextLength: 32768 });
}
