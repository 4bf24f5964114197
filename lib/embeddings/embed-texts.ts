/** query: a student's question; passage: text stored for retrieval (models such as e5 prefix them differently). */
export type InputType = "query" | "passage";

/** How long a caller waits: the chat gives up quickly and answers lexically instead. */
export type EmbedCallOptions = { abortSignal?: AbortSignal; maxRetries?: number };

/** Embeds texts in order; one vector per text. */
export type EmbedTexts = (texts: string[], inputType: InputType, options?: EmbedCallOptions) => Promise<number[][]>;
