"use client";

import "./zod-jitless";
import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import { useEffect, useMemo, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import type { ChatUIMessage } from "@/lib/chat/ui-message";
import { useT } from "@/lib/i18n/client";
import { useChatApi } from "./chat-api";
import { describeChatError } from "./chat-errors";
import { MessageView, messageText } from "./message-view";

type Props = {
  courseSlug: string;
  chatId: string | null;
  initialMessages: ChatUIMessage[];
  maxChars: number;
  /** The server created the chat for the first question (its id arrives with the answer). */
  onChatCreated: (chatId: string) => void;
  onAnswered: () => void;
};

export function Conversation({ courseSlug, chatId, initialMessages, maxChars, onChatCreated, onAnswered }: Props) {
  const t = useT();
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
          <EmptyState title={t("chat.empty")} className="mt-8" />
        ) : (
          <ol className="space-y-4" aria-label={t("chat.conversations")}>
            {messages.map((message) => (
              <MessageView
                key={message.id}
                message={message}
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
          <Alert tone="error" className="mt-4 flex flex-wrap items-center justify-between gap-2">
            <span>{failure.text}</span>
            <Button variant="destructive" onClick={retry}>
              {t("chat.retry")}
            </Button>
          </Alert>
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
        <Field
          label={t("chat.inputLabel")}
          hideLabel
          // Keys matter only with a physical keyboard; on a phone the line would just take room.
          hint={<span className="hidden pointer-fine:inline">{t("chat.inputHint")}</span>}
          error={tooLong ? t("chat.tooLong", { max: maxChars }) : undefined}
        >
          <div className="flex items-end gap-2">
            <Textarea
              size="lg"
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
              className="max-h-48 min-h-12 flex-1 resize-y bg-white"
            />
            {busy ? (
              <Button
                variant="outline"
                size="lg"
                onClick={() => {
                  setStoppedId(messages.at(-1)?.role === "assistant" ? messages.at(-1)!.id : null);
                  void stop();
                }}
                className="bg-white font-medium text-slate-800"
              >
                {t("chat.stop")}
              </Button>
            ) : (
              <Button type="submit" size="lg" disabled={!input.trim() || tooLong}>
                {t("chat.send")}
              </Button>
            )}
          </div>
        </Field>
      </form>
    </div>
  );
}
