"use client";

import { useCallback, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ChatUIMessage } from "@/lib/chat/ui-message";
import { useJson } from "@/lib/client/use-json";
import { useT } from "@/lib/i18n/client";
import { useChatApi } from "./chat-api";
import { ChatList, type ChatSummary } from "./chat-list";
import { Conversation } from "./conversation";

type Props = { courseSlug: string; maxChars: number; initialChatId: string | null };

/**
 * The open conversation: `key` changes with each opening, `loadId` is the chat it opened (null for
 * a new one) and `chatId` the chat it shows, which a new chat gets with its first answer.
 */
type Open = { key: number; loadId: string | null; chatId: string | null };

/** The student chat: their conversations in this course beside the open one. */
export function ChatApp({ courseSlug, maxChars, initialChatId }: Props) {
  const t = useT();
  const api = useChatApi();
  const chats = useJson<{ chats: ChatSummary[] }>(`/api/chats?course=${encodeURIComponent(courseSlug)}`, { fetch: api.fetch });
  const [open, setOpen] = useState<Open>({ key: 0, loadId: initialChatId, chatId: initialChatId });
  const [showList, setShowList] = useState(false);
  const refreshList = chats.reload;

  const select = (chatId: string | null) => {
    setShowList(false);
    setOpen((current) => ({ key: current.key + 1, loadId: chatId, chatId }));
    window.history.replaceState(null, "", chatId ? `?chat=${chatId}` : window.location.pathname);
  };

  const onChatCreated = useCallback(
    (chatId: string) => {
      window.history.replaceState(null, "", `?chat=${chatId}`);
      setOpen((current) => ({ ...current, chatId }));
      void refreshList();
    },
    [refreshList],
  );

  return (
    <div className="flex h-[calc(100dvh-9rem)] min-h-[28rem] flex-col gap-4 md:flex-row">
      <Button variant="outline" className="self-start bg-white md:hidden" aria-expanded={showList} aria-controls="chat-list" onClick={() => setShowList((value) => !value)}>
        {t("chat.openConversations")}
      </Button>
      <ChatList
        id="chat-list"
        className={`${showList ? "block" : "hidden"} md:block`}
        chats={chats.error ? null : (chats.data?.chats ?? null)}
        failed={chats.error !== undefined}
        activeId={open.chatId}
        onSelect={select}
        onChanged={refreshList}
        onDeleted={(chatId) => {
          if (chatId === open.chatId) select(null);
          void refreshList();
        }}
      />
      <section className="flex min-h-0 min-w-0 flex-1 flex-col">
        <OpenChat key={open.key} chatId={open.loadId} courseSlug={courseSlug} maxChars={maxChars} onChatCreated={onChatCreated} onAnswered={refreshList} />
      </section>
    </div>
  );
}

type OpenChatProps = { chatId: string | null; courseSlug: string; maxChars: number; onChatCreated: (chatId: string) => void; onAnswered: () => void };

/**
 * A conversation as it opens: its messages are loaded afresh at every opening (a copy kept from an
 * earlier one would lack what was asked since), and the chat mounts once they are here.
 */
function OpenChat({ chatId, ...conversation }: OpenChatProps) {
  const t = useT();
  const api = useChatApi();
  const stored = useJson<{ messages: ChatUIMessage[] }>(chatId ? `/api/chats/${chatId}` : null, { fetch: api.fetch });
  const messages = chatId ? stored.data?.messages : [];

  if (stored.error) return <Alert tone="error">{t("chat.error.notFound")}</Alert>;
  if (!messages) {
    return (
      <p role="status" className="animate-pulse text-sm text-slate-500">
        {t("chat.thinking")}
      </p>
    );
  }
  return <Conversation chatId={chatId} initialMessages={messages} {...conversation} />;
}
