"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import type { ChatUIMessage } from "@/lib/chat/ui-message";
import type { Locale } from "@/lib/i18n/locales";
import { createTranslator } from "@/lib/i18n/translator";
import { ChatList, type ChatSummary } from "./chat-list";
import { Conversation } from "./conversation";

type Props = { locale: Locale; courseSlug: string; maxChars: number; initialChatId: string | null };

async function fetchChats(courseSlug: string): Promise<ChatSummary[] | "failed"> {
  const response = await fetch(`/api/chats?course=${encodeURIComponent(courseSlug)}`).catch(() => null);
  if (!response?.ok) return "failed";
  return ((await response.json()) as { chats: ChatSummary[] }).chats;
}

type Open = { key: number; chatId: string | null; messages: ChatUIMessage[] | null; failed?: boolean };

/** The student chat: their conversations in this course beside the open one. */
export function ChatApp({ locale, courseSlug, maxChars, initialChatId }: Props) {
  const t = useMemo(() => createTranslator(locale), [locale]);
  const [chats, setChats] = useState<ChatSummary[] | "failed" | null>(null);
  const [open, setOpen] = useState<Open>({ key: 0, chatId: initialChatId, messages: initialChatId ? null : [] });
  const [showList, setShowList] = useState(false);

  const refreshList = useCallback(() => void fetchChats(courseSlug).then(setChats), [courseSlug]);

  useEffect(() => {
    let cancelled = false;
    void fetchChats(courseSlug).then((result) => cancelled || setChats(result));
    return () => {
      cancelled = true;
    };
  }, [courseSlug]);

  // Loads the messages of the chat being opened; the conversation mounts once they are here.
  useEffect(() => {
    if (open.messages !== null || open.failed || !open.chatId) return;
    let cancelled = false;
    void fetch(`/api/chats/${open.chatId}`).then(async (response) => {
      if (cancelled) return;
      if (!response.ok) return setOpen((current) => ({ ...current, failed: true }));
      const body = (await response.json()) as { messages: ChatUIMessage[] };
      setOpen((current) => ({ ...current, messages: body.messages }));
    });
    return () => {
      cancelled = true;
    };
  }, [open]);

  const select = (chatId: string | null) => {
    setShowList(false);
    setOpen((current) => ({ key: current.key + 1, chatId, messages: chatId ? null : [] }));
    window.history.replaceState(null, "", chatId ? `?chat=${chatId}` : window.location.pathname);
  };

  const onChatCreated = useCallback(
    (chatId: string) => {
      window.history.replaceState(null, "", `?chat=${chatId}`);
      setOpen((current) => ({ ...current, chatId }));
      refreshList();
    },
    [refreshList],
  );

  return (
    <div className="flex h-[calc(100dvh-9rem)] min-h-[28rem] flex-col gap-4 md:flex-row">
      <button
        type="button"
        className="self-start rounded-lg border border-slate-300 bg-white px-3 py-1 text-sm md:hidden"
        aria-expanded={showList}
        aria-controls="chat-list"
        onClick={() => setShowList((value) => !value)}
      >
        {t("chat.openConversations")}
      </button>
      <ChatList
        id="chat-list"
        className={`${showList ? "block" : "hidden"} md:block`}
        chats={chats === "failed" ? null : chats}
        failed={chats === "failed"}
        activeId={open.chatId}
        t={t}
        onSelect={select}
        onChanged={refreshList}
        onDeleted={(chatId) => {
          if (chatId === open.chatId) select(null);
          refreshList();
        }}
      />
      <section className="flex min-h-0 min-w-0 flex-1 flex-col">
        {open.failed ? (
          <p role="alert" className="rounded-xl border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
            {t("chat.error.notFound")}
          </p>
        ) : open.messages === null ? (
          <p role="status" className="animate-pulse text-sm text-slate-500">
            {t("chat.thinking")}
          </p>
        ) : (
          <Conversation
            key={open.key}
            courseSlug={courseSlug}
            chatId={open.chatId}
            initialMessages={open.messages}
            maxChars={maxChars}
            t={t}
            onChatCreated={onChatCreated}
            onAnswered={refreshList}
          />
        )}
      </section>
    </div>
  );
}
