"use client";

import { useRef, useState } from "react";
import { Markdown } from "@/components/markdown/markdown";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ThumbIcon } from "@/components/ui/thumb-icon";
import type { StoredCitation } from "@/lib/chat/citations";
import type { ChatUIMessage } from "@/lib/chat/ui-message";
import type { Rating } from "@/lib/generated/prisma/enums";
import { useT } from "@/lib/i18n/client";
import { useChatApi } from "./chat-api";
import { SearchModeNote } from "./search-mode-note";

type Props = {
  message: ChatUIMessage;
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

export function MessageView({ message, streaming, stopped, onRegenerate }: Props) {
  const t = useT();
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
      {metadata?.searchMode === "LEXICAL" ? <SearchModeNote found={mode !== "NO_ANSWER"} /> : null}
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
      {!streaming && text ? <MessageActions message={message} text={text} onRegenerate={onRegenerate} /> : null}
    </li>
  );
}

function MessageActions({ message, text, onRegenerate }: { message: ChatUIMessage; text: string; onRegenerate?: () => void }) {
  const t = useT();
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

  return (
    <div className="mt-2 space-y-2">
      <div className="flex flex-wrap items-center gap-1">
        <Button
          variant="ghost"
          size="xs"
          onClick={() => {
            void navigator.clipboard?.writeText(text).then(() => setCopied(true));
          }}
        >
          {copied ? t("chat.copied") : t("chat.copy")}
        </Button>
        {onRegenerate ? (
          <Button variant="ghost" size="xs" onClick={onRegenerate}>
            {t("chat.regenerate")}
          </Button>
        ) : null}
        <Button variant="ghost" size="xs" aria-pressed={rating === "UP"} aria-label={t("chat.helpful")} title={t("chat.helpful")} onClick={() => rate("UP")}>
          <ThumbIcon />
        </Button>
        <Button variant="ghost" size="xs" aria-pressed={rating === "DOWN"} aria-label={t("chat.notHelpful")} title={t("chat.notHelpful")} onClick={() => rate("DOWN")}>
          <ThumbIcon down />
        </Button>
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
          <Field label={t("chat.feedbackComment")} hideLabel className="min-w-0 flex-1">
            <Input size="sm" value={comment} maxLength={2000} onChange={(event) => setComment(event.target.value)} placeholder={t("chat.feedbackComment")} />
          </Field>
          <Button type="submit">{t("chat.feedbackSend")}</Button>
        </form>
      ) : null}
    </div>
  );
}
