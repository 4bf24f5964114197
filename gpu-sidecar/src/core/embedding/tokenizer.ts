import { readFile } from "node:fs/promises";
import { Tokenizer } from "@huggingface/tokenizers";

export type Encoded = { ids: number[]; /** Token count before truncation. */ fullLength: number };

/**
 * A Hugging Face tokenizer.json with truncation done here rather than by the file's own settings
 * (exports often pin padding/truncation to values unrelated to how the server batches).
 */
export class TextTokenizer {
  private readonly prefixLength: number;
  private readonly suffixLength: number;

  private constructor(private readonly tokenizer: Tokenizer) {
    // The post-processor's template (e.g. [CLS] A [SEP]) decides how many special tokens surround
    // the text; truncation must keep them, so measure them once on a probe text.
    const probe = "probe";
    const withSpecials: number[] = tokenizer.encode(probe).ids;
    const bare: number[] = tokenizer.encode(probe, { add_special_tokens: false }).ids;
    const start = withSpecials.findIndex((_, i) => bare.every((id, j) => withSpecials[i + j] === id));
    this.prefixLength = Math.max(0, start);
    this.suffixLength = withSpecials.length - this.prefixLength - bare.length;
  }

  static async fromFile(path: string): Promise<TextTokenizer> {
    const json: unknown = JSON.parse(await readFile(path, "utf8"));
    return new TextTokenizer(new Tokenizer(json as object, {}));
  }

  /** Encodes with special tokens; longer results keep their head and the closing special tokens. */
  encode(text: string, maxTokens: number): Encoded {
    const ids: number[] = this.tokenizer.encode(text).ids;
    if (ids.length <= maxTokens) return { ids, fullLength: ids.length };
    const head = ids.slice(0, Math.max(this.prefixLength, maxTokens - this.suffixLength));
    const tail = this.suffixLength > 0 ? ids.slice(ids.length - this.suffixLength) : [];
    return { ids: head.concat(tail), fullLength: ids.length };
  }
}
