/** query: a student's question; passage: text stored for retrieval (models such as e5 prefix them differently). */
export type InputType = "query" | "passage";

/** Embeds texts in order; one vector per text. */
export type EmbedTexts = (texts: string[], inputType: InputType) => Promise<number[][]>;
