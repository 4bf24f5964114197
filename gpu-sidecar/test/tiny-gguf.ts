import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Writes a random-weight llama-architecture chat model in GGUF v3, small enough to generate in
 * milliseconds: it speaks gibberish, which is all the plumbing tests need. No weights can be
 * downloaded here, so the tests make their own.
 *
 * The vocabulary is SentencePiece-style with byte fallback (what llama.cpp's "llama" tokenizer
 * expects): <unk>, <s>, </s>, ChatML's two control tokens, the 256 byte tokens, then word pieces.
 * The output rows of all but whole words are zero while the words' rows are large, so sampling
 * picks words: answers run to max_tokens in readable gibberish instead of ending at once or
 * emitting broken UTF-8.
 */

const GGUF_MAGIC = 0x46554747;
const ALIGNMENT = 32;

enum ValueType {
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
}

type Value =
  | { type: ValueType.UINT32 | ValueType.INT32 | ValueType.FLOAT32; value: number }
  | { type: ValueType.BOOL; value: boolean }
  | { type: ValueType.STRING; value: string }
  | { type: ValueType.ARRAY; items: ValueType.STRING | ValueType.INT32 | ValueType.FLOAT32; values: (string | number)[] };

const u32 = (value: number): Value => ({ type: ValueType.UINT32, value });
const f32 = (value: number): Value => ({ type: ValueType.FLOAT32, value });
const str = (value: string): Value => ({ type: ValueType.STRING, value });

class Writer {
  private chunks: Buffer[] = [];
  size = 0;
  private push(buffer: Buffer) {
    this.chunks.push(buffer);
    this.size += buffer.length;
  }
  private fixed(size: number, write: (buffer: Buffer) => unknown) {
    const buffer = Buffer.alloc(size);
    write(buffer);
    this.push(buffer);
  }
  u32(value: number) {
    this.fixed(4, (buffer) => buffer.writeUInt32LE(value));
  }
  i32(value: number) {
    this.fixed(4, (buffer) => buffer.writeInt32LE(value));
  }
  f32(value: number) {
    this.fixed(4, (buffer) => buffer.writeFloatLE(value));
  }
  u64(value: number) {
    this.fixed(8, (buffer) => buffer.writeBigUInt64LE(BigInt(value)));
  }
  string(value: string) {
    const bytes = Buffer.from(value, "utf8");
    this.u64(bytes.length);
    this.push(bytes);
  }
  bytes(buffer: Buffer) {
    this.push(buffer);
  }
  pad() {
    const rest = this.size % ALIGNMENT;
    if (rest !== 0) this.push(Buffer.alloc(ALIGNMENT - rest));
  }
  scalar(type: ValueType, value: string | number | boolean) {
    if (type === ValueType.BOOL) this.push(Buffer.from([value ? 1 : 0]));
    else if (type === ValueType.STRING) this.string(value as string);
    else if (type === ValueType.INT32) this.i32(value as number);
    else if (type === ValueType.FLOAT32) this.f32(value as number);
    else this.u32(value as number);
  }
  value(value: Value) {
    this.u32(value.type);
    if (value.type === ValueType.ARRAY) {
      this.u32(value.items);
      this.u64(value.values.length);
      for (const item of value.values) this.scalar(value.items, item);
    } else this.scalar(value.type, value.value);
  }
  toBuffer() {
    return Buffer.concat(this.chunks);
  }
}

/** A deterministic generator, so a test run reproduces its model byte for byte. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

const DEFAULT_CORPUS = "the course exam lecture answer page and of is in курс экзамен лекция ответ страница и в на по это";

/** The most frequent words of the corpus that the vocabulary holds whole. */
const MAX_WORDS = 4000;

/**
 * Word pieces for a corpus: every character it uses, and each frequent word with all its
 * prefixes ("▁к", "▁ку", "▁кур", "▁курс"), which is the path llama.cpp's SentencePiece merges take
 * to a whole word. A text of the corpus then costs about one token per word, as with a real model's
 * vocabulary, instead of two byte tokens per Cyrillic letter.
 */
function wordPieces(corpus: string): { pieces: string[]; words: Set<string> } {
  const counts = new Map<string, number>();
  for (const [word] of corpus.matchAll(/[\p{L}\p{N}]+/gu)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const words = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_WORDS).map(([word]) => `▁${word}`);
  const pieces = new Set<string>(["▁"]);
  for (const char of corpus.replace(/\s/g, "")) pieces.add(char);
  for (const word of words) for (let end = 2; end <= [...word].length; end++) pieces.add([...word].slice(0, end).join(""));
  return { pieces: [...pieces], words: new Set(words) };
}

export type TinyModelOptions = {
  /** Context length the model declares (llama.context_length). */
  contextLength?: number;
  /** Text whose words the vocabulary holds (the prompts a test sends then cost about a token a word). */
  corpus?: string;
  seed?: number;
};

/** The model's file as bytes. */
export function tinyGguf(options: TinyModelOptions = {}): Buffer {
  const embed = 64;
  const feedForward = 128;
  const heads = 4;
  const layers = 2;
  const contextLength = options.contextLength ?? 2048;
  const next = random(options.seed ?? 7);

  const control = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"];
  const bytes = Array.from({ length: 256 }, (_, byte) => `<0x${byte.toString(16).toUpperCase().padStart(2, "0")}>`);
  const { pieces, words } = wordPieces(options.corpus ?? DEFAULT_CORPUS);
  const tokens = [...control, ...bytes, ...pieces];
  const tokenTypes = tokens.map((_, id) => (id === 0 ? 2 : id < control.length ? 3 : id < control.length + bytes.length ? 6 : 1));
  // Longer pieces score higher, so merges run on to the whole word.
  const scores = tokens.map((token, id) => (tokenTypes[id] === 1 ? [...token].length : 0));
  const vocab = tokens.length;
  // Only whole words are ever generated: the answer reads as words, if not as sense.
  const spoken = (id: number) => words.has(tokens[id]!);

  const chatTemplate =
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}{% endfor %}" +
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

  const metadata: [string, Value][] = [
    ["general.architecture", str("llama")],
    ["general.name", str("tiny-random-llama")],
    ["general.alignment", u32(ALIGNMENT)],
    ["general.file_type", u32(0)],
    ["llama.context_length", u32(contextLength)],
    ["llama.embedding_length", u32(embed)],
    ["llama.block_count", u32(layers)],
    ["llama.feed_forward_length", u32(feedForward)],
    ["llama.attention.head_count", u32(heads)],
    ["llama.attention.head_count_kv", u32(heads)],
    ["llama.rope.dimension_count", u32(embed / heads)],
    ["llama.attention.layer_norm_rms_epsilon", f32(1e-5)],
    ["llama.vocab_size", u32(vocab)],
    ["tokenizer.ggml.model", str("llama")],
    ["tokenizer.ggml.tokens", { type: ValueType.ARRAY, items: ValueType.STRING, values: tokens }],
    ["tokenizer.ggml.scores", { type: ValueType.ARRAY, items: ValueType.FLOAT32, values: scores }],
    ["tokenizer.ggml.token_type", { type: ValueType.ARRAY, items: ValueType.INT32, values: tokenTypes }],
    ["tokenizer.ggml.bos_token_id", u32(1)],
    ["tokenizer.ggml.eos_token_id", u32(4)],
    ["tokenizer.ggml.unknown_token_id", u32(0)],
    ["tokenizer.ggml.add_bos_token", { type: ValueType.BOOL, value: false }],
    ["tokenizer.chat_template", str(chatTemplate)],
  ];

  const matrix = (cols: number, rows: number, scale: number, zeroRow?: (row: number) => boolean) => {
    const data = new Float32Array(cols * rows);
    for (let row = 0; row < rows; row++) {
      if (zeroRow?.(row)) continue;
      for (let col = 0; col < cols; col++) data[row * cols + col] = next() * scale;
    }
    return { dims: rows === 1 ? [cols] : [cols, rows], data };
  };
  const ones = (length: number) => ({ dims: [length], data: new Float32Array(length).fill(1) });
  const tensors: [string, { dims: number[]; data: Float32Array }][] = [
    ["token_embd.weight", matrix(embed, vocab, 1)],
    ["output_norm.weight", ones(embed)],
    ["output.weight", matrix(embed, vocab, 4, (row) => !spoken(row))],
  ];
  for (let layer = 0; layer < layers; layer++) {
    const block = (name: string) => `blk.${layer}.${name}.weight`;
    tensors.push(
      [block("attn_norm"), ones(embed)],
      [block("attn_q"), matrix(embed, embed, 0.2)],
      [block("attn_k"), matrix(embed, embed, 0.2)],
      [block("attn_v"), matrix(embed, embed, 0.2)],
      [block("attn_output"), matrix(embed, embed, 0.2)],
      [block("ffn_norm"), ones(embed)],
      [block("ffn_gate"), matrix(embed, feedForward, 0.2)],
      [block("ffn_up"), matrix(embed, feedForward, 0.2)],
      [block("ffn_down"), matrix(feedForward, embed, 0.2)],
    );
  }

  const out = new Writer();
  out.u32(GGUF_MAGIC);
  out.u32(3);
  out.u64(tensors.length);
  out.u64(metadata.length);
  for (const [key, value] of metadata) {
    out.string(key);
    out.value(value);
  }
  let offset = 0;
  for (const [name, tensor] of tensors) {
    out.string(name);
    out.u32(tensor.dims.length);
    for (const dim of tensor.dims) out.u64(dim);
    out.u32(0);
    out.u64(offset);
    offset += Math.ceil(tensor.data.byteLength / ALIGNMENT) * ALIGNMENT;
  }
  out.pad();
  for (const [, tensor] of tensors) {
    out.bytes(Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
    out.pad();
  }
  return out.toBuffer();
}

/** Writes the model to `file` (creating its folder) and returns the path. */
export async function writeTinyGguf(file: string, options: TinyModelOptions = {}): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, tinyGguf(options));
  return file;
}
