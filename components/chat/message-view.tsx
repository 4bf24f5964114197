"use client";

import { useRef, useState } from "react";
import { Markdown } from "@/components/markdown/markdown";
import { ThumbIcon } from "@/components/ui/thumb-icon";
import type { StoredCitation } from "@/lib/chat/citations";
import type { ChatUIMessage } from "@/lib/chat/ui-message";
import type { Rating } from "@/lib/generated/prisma/enums";
import type { Translate } from "@/lib/i18n/translator";
import { useChatApi } from "./chat-api";
import { SearchModeNote } from "./search-mode-note";

type Props = {
  message: ChatUIMessage;
  t: Translate;
  streaming: boolean;
  /** Set locally when the student pressed stop on this answer (the server records it too). */
  stopped: boolean;
  onRegenerate?: () => void;
};

export function messageText(message: ChatUIMessage): string {
  return message.parts.map((part) => (part.type === "text" ? part.text : "")).join("");
}

/** Citations from the final metadata, or, while streaming, from the source parts as they arrive. */
function citationsOf(message: ChatUIMessage): StoredCitation[] {
  if (message.metadata?.citations) return message.metadata.citations;
  return message.parts.flatMap((part) => {
    if (part.type !== "source-url" && part.type !== "source-document") return [];
    const citation = part.providerMetadata?.citation as StoredCitation | undefined;
    return [citation ?? { n: Number(part.sourceId), title: part.title ?? "", url: part.type === "source-url" ? part.url : null, page: null, section: null, snippet: "", source: "course", documentId: null, entryId: null, similarity: 0 }];
  });
}

export function MessageView({ message, t, streaming, stopped, onRegenerate }: Props) {
  const text = messageText(message);
  if (message.role === "user") {
    return (
      <li className="flex justify-end" aria-label={t("chat.you")}>
        <p className="max-w-[85%] whitespace-pre-wrap rounded-2xl rounded-br-sm bg-brand-600 px-4 py-2 text-white">{text}</p>
      </li>
    );
  }
  const metadata = message.metadata;
  const status = stopped ? "STOPPED" : metadata?.status;
  const mode = metadata?.answerMode;
  const citations = citationsOf(message);
  return (
    <li aria-label={t("chat.assistant")} data-message-id={message.id} className="rounded-2xl rounded-bl-sm border border-slate-200 bg-white px-4 py-3">
      {mode && mode !== "LLM" ? (
        <p className="mb-2 inline-block rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">{t(`chat.mode.${mode}`)}</p>
      ) : metadata?.localModel ? (
        <p data-testid="local-model-label" className="mb-2 inline-block rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">
          {t("chat.mode.LOCAL", { model: metadata.localModel })}
        </p>
      ) : null}
      {/* The sources arrive first; until the model's first words, say that the answer is coming. */}
      {streaming && !text ? (
        <p role="status" className="animate-pulse text-sm text-slate-500">
          {t("chat.thinking")}
        </p>
      ) : null}
      <div aria-live={streaming ? "polite" : undefined} aria-busy={streaming} data-testid="answer-text">
        <Markdown>{text}</Markdown>
      </div>
      {status === "STOPPED" || status === "FAILED" ? (
        <p className="mt-2 text-xs font-medium text-amber-700" data-testid="answer-status">
          {t(`chat.status.${status}`)}
        </p>
      ) : null}
      {metadata?.searchMode === "LEXICAL" ? <SearchModeNote t={t} found={mode !== "NO_ANSWER"} /> : null}
      {citations.length > 0 ? (
        <nav aria-label={t("chat.sources")} className="mt-3 border-t border-slate-100 pt-2">
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t("chat.sources")}</h3>
          <ol className="mt-1 space-y-1 text-sm">
            {citations.map((citation) => (
              <li key={citation.n} className="flex gap-1">
                <span className="text-slate-500">[{citation.n}]</span>
                {citation.url ? (
                  <a href={citation.url} target="_blank" rel="noopener" className="text-brand-700 hover:underline" title={citation.snippet}>
                    {citation.title}
                    {citation.page ? `, ${t("chat.page", { page: citation.page })}` : ""}
                    {citation.section ? ` — ${citation.section.split(" › ").at(-1)}` : ""}
                  </a>
                ) : (
                  <span title={citation.snippet}>{citation.title}</span>
                )}
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      {!streaming && text ? <MessageActions message={message} text={text} t={t} onRegenerate={onRegenerate} /> : null}
    </li>
  );
}

function MessageActions({ message, text, t, onRegenerate }: { message: ChatUIMessage; text: string; t: Translate; onRegenerate?: () => void }) {
  const [copied, setCopied] = useState(false);
  const [rating, setRating] = useState<Rating | null>(message.metadata?.rating ?? null);
  const [commenting, setCommenting] = useState(false);
  const [comment, setComment] = useState("");
  const [thanks, setThanks] = useState(false);
  const api = useChatApi();

  // Ratings go out one after another, so the last one the student gave is the one stored.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const send = (next: Rating, withComment?: string) => {
    setRating(next);
    const post = () =>
      api.fetch(`/api/messages/${message.id}/feedback`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ rating: next, ...(withComment ? { comment: withComment } : {}) }),
      });
    const sent = queue.current.then(post, post).then((response) => {
      if (response.ok && withComment !== undefined) {
        setCommenting(false);
        setThanks(true);
      }
    });
    queue.current = sent.catch(() => undefined);
  };
  const rate = (next: Rating) => {
    setThanks(false);
    setCommenting(true);
    send(next);
  };

  const button = "rounded-md px-2 py-1 text-xs text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600 aria-pressed:bg-brand-50 aria-pressed:text-brand-700";
  return (
    <div className="mt-2 space-y-2">
      <div className="flex flex-wrap items-center gap-1">
        <button
          type="button"
          className={button}
          onClick={() => {
            void navigator.clipboard?.writeText(text).then(() => setCopied(true));
          }}
        >
          {copied ? t("chat.copied") : t("chat.copy")}
        </button>
        {onRegenerate ? (
          <button type="button" className={button} onClick={onRegenerate}>
            {t("chat.regenerate")}
          </button>
        ) : null}
        <button type="button" className={button} aria-pressed={rating === "UP"} aria-label={t("chat.helpful")} title={t("chat.helpful")} onClick={() => rate("UP")}>
          <ThumbIcon />
        </button>
        <button type="button" className={button} aria-pressed={rating === "DOWN"} aria-label={t("chat.notHelpful")} title={t("chat.notHelpful")} onClick={() => rate("DOWN")}>
          <ThumbIcon down />
        </button>
        {thanks ? <span className="text-xs text-green-700">{t("chat.feedbackThanks")}</span> : null}
      </div>
      {commenting && rating ? (
        <form
          className="flex flex-col gap-2 sm:flex-row"
          onSubmit={(event) => {
            event.preventDefault();
            send(rating, comment.trim());
          }}
        >
          <label className="sr-only" htmlFor={`comment-${message.id}`}>
            {t("chat.feedbackComment")}
          </label>
          <input
            id={`comment-${message.id}`}
            value={comment}
            maxLength={2000}
            onChange={(event) => setComment(event.target.value)}
            placeholder={t("chat.feedbackComment")}
            className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
          <button type="submit" className="rounded-md bg-slate-800 px-3 py-1 text-sm text-white hover:bg-slate-700">
            {t("chat.feedbackSend")}
          </button>
        </form>
      ) : null}
    </div>
  );
}
