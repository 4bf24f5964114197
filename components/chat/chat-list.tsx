"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useT } from "@/lib/i18n/client";
import { useChatApi } from "./chat-api";

export type ChatSummary = { id: string; title: string; updatedAt: string };

type Props = {
  id: string;
  className: string;
  chats: ChatSummary[] | null;
  failed: boolean;
  activeId: string | null;
  onSelect: (chatId: string | null) => void;
  onChanged: () => void;
  onDeleted: (chatId: string) => void;
};

/** The student's conversations in the course: open, rename, delete, or start a new one. */
export function ChatList({ id, className, chats, failed, activeId, onSelect, onChanged, onDeleted }: Props) {
  const t = useT();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [title, setTitle] = useState("");
  const api = useChatApi();

  const rename = async (chatId: string) => {
    const response = await api.fetch(`/api/chats/${chatId}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ title }) });
    if (response.ok) {
      setRenaming(null);
      onChanged();
    }
  };
  const remove = async (chat: ChatSummary) => {
    if (!window.confirm(t("chat.deleteConfirm", { title: chat.title }))) return;
    const response = await api.fetch(`/api/chats/${chat.id}`, { method: "DELETE" });
    if (response.ok) onDeleted(chat.id);
  };

  return (
    <aside id={id} aria-label={t("chat.conversations")} className={`${className} w-full shrink-0 space-y-3 md:w-64`}>
      <Button size="md" onClick={() => onSelect(null)} className="w-full">
        + {t("chat.newChat")}
      </Button>
      <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t("chat.conversations")}</h2>
      {failed ? <p className="text-sm text-red-700">{t("chat.conversationsError")}</p> : null}
      {chats?.length === 0 ? <p className="text-sm text-slate-500">{t("chat.conversationsEmpty")}</p> : null}
      <ul className="max-h-72 space-y-1 overflow-y-auto md:max-h-none">
        {chats?.map((chat) => (
          <li key={chat.id} className={`rounded-lg ${chat.id === activeId ? "bg-brand-50" : ""}`}>
            {renaming === chat.id ? (
              <form
                className="flex gap-1 p-1"
                onSubmit={(event) => {
                  event.preventDefault();
                  void rename(chat.id);
                }}
              >
                <Input
                  size="sm"
                  aria-label={t("chat.renameLabel")}
                  value={title}
                  maxLength={200}
                  autoFocus
                  onChange={(event) => setTitle(event.target.value)}
                  onKeyDown={(event) => event.key === "Escape" && setRenaming(null)}
                  className="min-w-0 flex-1"
                />
                <Button type="submit" variant="ghost" size="icon">
                  {t("chat.save")}
                </Button>
              </form>
            ) : (
              <div className="group flex items-center gap-1 px-1">
                <button
                  type="button"
                  onClick={() => onSelect(chat.id)}
                  aria-current={chat.id === activeId ? "true" : undefined}
                  className="min-w-0 flex-1 truncate px-1 py-1.5 text-left text-sm text-slate-800"
                >
                  {chat.title}
                </button>
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={`${t("chat.rename")}: ${chat.title}`}
                  onClick={() => {
                    setRenaming(chat.id);
                    setTitle(chat.title);
                  }}
                >
                  ✎
                </Button>
                <Button variant="ghost" size="icon" aria-label={`${t("chat.delete")}: ${chat.title}`} onClick={() => void remove(chat)}>
                  ✕
                </Button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </aside>
  );
}
