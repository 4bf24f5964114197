/** Reads an AI SDK UI message stream response (SSE) into its chunks, in order. */
export async function readUiChunks(response: Response): Promise<Record<string, unknown>[]> {
  const text = await response.text();
  return text
    .split("\n\n")
    .map((event) => event.replace(/^data: /, "").trim())
    .filter((data) => data !== "" && data !== "[DONE]")
    .map((data) => JSON.parse(data) as Record<string, unknown>);
}

export function answerText(chunks: Record<string, unknown>[]): string {
  return chunks.filter((c) => c.type === "text-delta").map((c) => String(c.delta)).join("");
}
