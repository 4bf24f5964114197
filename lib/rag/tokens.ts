/**
 * Estimated subword tokens of a text for multilingual SentencePiece/WordPiece vocabularies
 * (XLM-RoBERTa, e5, bge-m3): about one token per four letters of a word, at least one per word,
 * one per punctuation mark. It errs high for English and close for Russian, so chunks stay under
 * the embedder's limit; the sidecar truncates whatever still exceeds it.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const match of text.matchAll(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)) {
    const piece = match[0];
    tokens += /[\p{L}\p{N}]/u.test(piece[0]) ? Math.max(1, Math.ceil(piece.length / 4)) : 1;
  }
  return tokens;
}
