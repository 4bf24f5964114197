#!/usr/bin/env python3
"""Writes a random-weight BERT-architecture encoder as ONNX plus the sidecar's model config.

The weights are random, so the vectors carry no meaning; the graph has the shape, inputs and
outputs of a real sentence-embedding export (input_ids, attention_mask, token_type_ids ->
last_hidden_state), which is what the server and the benchmark exercise. The tokenizer is not
written here: pair the directory with a real tokenizer.json whose vocabulary size matches --vocab.

Run with Debian's interpreter, which sees python3-torch and python3-onnx:
  apt-get install -y python3-torch python3-onnx
  /usr/bin/python3 gpu-sidecar/scripts/make-fixture-model.py --out DIR [--layers 6 --hidden 384 ...]
"""
import argparse
import json
import math
import os

import torch
from torch import nn


class Layer(nn.Module):
    def __init__(self, hidden, heads, intermediate):
        super().__init__()
        self.heads = heads
        self.head_dim = hidden // heads
        self.qkv = nn.Linear(hidden, 3 * hidden)
        self.attention_out = nn.Linear(hidden, hidden)
        self.attention_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.up = nn.Linear(hidden, intermediate)
        self.down = nn.Linear(intermediate, hidden)
        self.output_norm = nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, x, mask_bias):
        batch, length, hidden = x.shape
        q, k, v = self.qkv(x).view(batch, length, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4).unbind(0)
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.head_dim) + mask_bias
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, length, hidden)
        x = self.attention_norm(x + self.attention_out(context))
        return self.output_norm(x + self.down(nn.functional.gelu(self.up(x))))


class Encoder(nn.Module):
    def __init__(self, vocab, hidden, layers, heads, intermediate, positions):
        super().__init__()
        self.words = nn.Embedding(vocab, hidden)
        self.positions = nn.Embedding(positions, hidden)
        self.token_types = nn.Embedding(2, hidden)
        self.embedding_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.layers = nn.ModuleList(Layer(hidden, heads, intermediate) for _ in range(layers))

    def forward(self, input_ids, attention_mask, token_type_ids):
        position_ids = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.embedding_norm(self.words(input_ids) + self.positions(position_ids) + self.token_types(token_type_ids))
        # Padding positions get a large negative bias so their softmax weight is exactly 0 in float32,
        # which keeps a text's vector independent of how much padding its batch adds.
        mask_bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        for layer in self.layers:
            x = layer(x, mask_bias)
        return x


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="directory to write model.onnx, sidecar.json and config.json into")
    parser.add_argument("--id", default="fixture/bert-random", help="model id reported by the server")
    parser.add_argument("--vocab", type=int, default=30522, help="vocabulary size; 30522 matches bert-base-uncased")
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--heads", type=int, default=2)
    parser.add_argument("--intermediate", type=int, default=64)
    parser.add_argument("--positions", type=int, default=512, help="maximum sequence length the graph accepts")
    parser.add_argument("--max-tokens", type=int, default=128, help="truncation length written to sidecar.json")
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    model = Encoder(args.vocab, args.hidden, args.layers, args.heads, args.intermediate, args.positions).eval()
    os.makedirs(args.out, exist_ok=True)
    example = torch.ones(2, 8, dtype=torch.int64)
    dynamic = {0: "batch", 1: "sequence"}
    torch.onnx.export(
        model,
        (example, example, torch.zeros_like(example)),
        os.path.join(args.out, "model.onnx"),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["last_hidden_state"],
        dynamic_axes={"input_ids": dynamic, "attention_mask": dynamic, "token_type_ids": dynamic, "last_hidden_state": dynamic},
        opset_version=14,
        do_constant_folding=True,
    )

    sidecar = {
        "id": args.id,
        "dimension": args.hidden,
        "maxTokens": args.max_tokens,
        "pooling": "mean",
        "normalize": True,
        "prefixes": {"query": "query: ", "passage": "passage: "},
        "matryoshkaDimensions": [d for d in (args.hidden // 4, args.hidden // 2) if d > 0],
    }
    # config.json lets @huggingface/transformers (the benchmark's baseline) load the same file.
    hf_config = {
        "model_type": "bert",
        "architectures": ["BertModel"],
        "vocab_size": args.vocab,
        "hidden_size": args.hidden,
        "num_hidden_layers": args.layers,
        "num_attention_heads": args.heads,
        "intermediate_size": args.intermediate,
        "max_position_embeddings": args.positions,
        "type_vocab_size": 2,
    }
    for name, content in (("sidecar.json", sidecar), ("config.json", hf_config)):
        with open(os.path.join(args.out, name), "w", encoding="utf-8") as file:
            json.dump(content, file, indent=2)
            file.write("\n")
    print(f"wrote {args.out}: {args.layers} layers, hidden {args.hidden}, vocab {args.vocab}")


if __name__ == "__main__":
    main()
