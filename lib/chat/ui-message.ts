import type { UIMessage } from "ai";
import type { AnswerMode, MessageStatus, Rating, SearchMode } from "@/lib/generated/prisma/enums";
import type { StoredCitation } from "./citations";

/** Per-message data the server attaches to the AI SDK UI message (start/finish chunks, or a loaded chat). */
export type ChatMessageMetadata = {
  chatId: string;
  status?: MessageStatus;
  answerMode?: AnswerMode;
  /** LEXICAL: the passages were found by their words alone (the UI says so, quietly). */
  searchMode?: SearchMode;
  citations?: StoredCitation[];
  /** The local sidecar's model wrote the answer (LLM_PROVIDER=local): the UI names it, as a small model's answer needs checking. */
  localModel?: string;
  /** A readable reason for a failed answer, in the reader's language. */
  errorText?: string;
  rating?: Rating | null;
};

export type ChatUIMessage = UIMessage<ChatMessageMetadata>;
