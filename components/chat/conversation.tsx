"use client";

import "./zod-jitless";
import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { useChatApi } from "./chat-api";
import { useEffect, useMemo, useRef, useState } from "react";
import type { ChatUIMessage } from "@/lib/chat/ui-message";
import type { Translate } from "@/lib/i18n/translator";
import { describeChatError } from "./chat-errors";
import { MessageView, messageText } from "./message-view";

type Props = {
  courseSlug: string;
  chatId: string | null;
  initialMessages: ChatUIMessage[];
  maxChars: number;
  t: Translate;
  /** The server created the chat for the first question (its id arrives with the answer). */
  onChatCreated: (chatId: string) => void;
  onAnswered: () => void;
};

export function Conversation({ courseSlug, chatId, initialMessages, maxChars, t, onChatCreated, onAnswered }: Props) {
  const chatIdRef = useRef(chatId);
  const [input, setInput] = useState("");
  const [stoppedId, setStoppedId] = useState<string | null>(null);
  const endRef = useRef<HTMLDivElement>(null);

  const api = useChatApi();
  const transport = useMemo(
    () =>
      new DefaultChatTransport<ChatUIMessage>({
        api: "/api/chat",
        headers: api.headers,
        // The server keeps the history; only the new question (or "answer again") travels.
        prepareSendMessagesRequest: ({ messages, trigger, body }) => {
          const last = messages.at(-1);
          return {
            body: {
              courseSlug,
              ...(body?.chatId ? { chatId: body.chatId } : {}),
              trigger,
              ...(trigger === "submit-message" && last ? { message: messageText(last) } : {}),
            },
          };
        },
      }),
    [courseSlug, api.headers],
  );

  const chat = useChat<ChatUIMessage>({
    messages: initialMessages,
    transport,
    onFinish: () => onAnswered(),
  });
  const { messages, stop, status, error, setMessages, clearError } = chat;
  // Called from event handlers only: the chat's id is known once the first answer has started.
  const requestOptions = () => ({ body: chatIdRef.current ? { chatId: chatIdRef.current } : {} });
  const send = (text: string) => void chat.sendMessage({ text }, requestOptions());
  const regenerate = () => void chat.regenerate(requestOptions());

  // The first answer of a new chat brings the chat's id: later questions continue that chat.
  useEffect(() => {
    const created = messages.findLast((m) => m.role === "assistant")?.metadata?.chatId;
    if (created && !chatIdRef.current) {
      chatIdRef.current = created;
      onChatCreated(created);
    }
  }, [messages, onChatCreated]);

  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: "end" });
  }, [messages, status]);

  const busy = status === "submitted" || status === "streaming";
  const tooLong = input.length > maxChars;
  const failure = error ? describeChatError(error, t) : null;

  const submit = () => {
    const text = input.trim();
    if (!text || busy || tooLong) return;
    setInput("");
    setStoppedId(null);
    send(text);
  };

  const retry = () => {
    if (!failure) return;
    clearError();
    if (failure.questionStored) {
      regenerate();
      return;
    }
    // The question never reached the server: take it back and send it again.
    const last = messages.at(-1);
    if (last?.role !== "user") return;
    setMessages(messages.slice(0, -1));
    send(messageText(last));
  };

  const lastAssistant = messages.findLast((m) => m.role === "assistant");
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="min-h-0 flex-1 overflow-y-auto pb-4">
        {messages.length === 0 ? (
          <p className="mt-8 rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-slate-600">{t("chat.empty")}</p>
        ) : (
          <ol className="space-y-4" aria-label={t("chat.conversations")}>
            {messages.map((message) => (
              <MessageView
                key={message.id}
                message={message}
                t={t}
                streaming={busy && message === messages.at(-1) && message.role === "assistant"}
                stopped={message.id === stoppedId}
                onRegenerate={!busy && message === lastAssistant && message === messages.at(-1) ? regenerate : undefined}
              />
            ))}
          </ol>
        )}
        {status === "submitted" ? (
          <p role="status" className="mt-4 animate-pulse text-sm text-slate-500">
            {t("chat.thinking")}
          </p>
        ) : null}
        {failure ? (
          <div role="alert" className="mt-4 flex flex-wrap items-center justify-between gap-2 rounded-xl border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
            <span>{failure.text}</span>
            <button type="button" onClick={retry} className="rounded-md bg-red-700 px-3 py-1 text-white hover:bg-red-800">
              {t("chat.retry")}
            </button>
          </div>
        ) : null}
        <div ref={endRef} />
      </div>

      <form
        className="sticky bottom-0 border-t border-slate-200 bg-slate-50 pt-3"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <label htmlFor="chat-input" className="sr-only">
          {t("chat.inputLabel")}
        </label>
        <div className="flex items-end gap-2">
          <textarea
            id="chat-input"
            value={input}
            rows={2}
            onChange={(event) => setInput(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault();
                submit();
              }
            }}
            placeholder={t("chat.inputPlaceholder")}
            aria-invalid={tooLong}
            aria-describedby={tooLong ? "chat-input-hint chat-input-error" : "chat-input-hint"}
            className="max-h-48 min-h-12 flex-1 resize-y rounded-xl border border-slate-300 bg-white px-3 py-2 focus-visible:outline-2 focus-visible:outline-brand-600"
          />
          {busy ? (
            <button
              type="button"
              onClick={() => {
                setStoppedId(messages.at(-1)?.role === "assistant" ? messages.at(-1)!.id : null);
                void stop();
              }}
              className="rounded-xl border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-100"
            >
              {t("chat.stop")}
            </button>
          ) : (
            <button type="submit" disabled={!input.trim() || tooLong} className="rounded-xl bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-50">
              {t("chat.send")}
            </button>
          )}
        </div>
        {/* Keys matter only with a physical keyboard; on a phone the line would just take room. */}
        <p id="chat-input-hint" className="mt-1 hidden text-xs text-slate-500 pointer-fine:block">
          {t("chat.inputHint")}
        </p>
        {tooLong ? (
          <p id="chat-input-error" className="mt-1 text-sm text-red-700">
            {t("chat.tooLong", { max: maxChars })}
          </p>
        ) : null}
      </form>
    </div>
  );
}
