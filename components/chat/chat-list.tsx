"use client";

import { useState } from "react";
import type { Translate } from "@/lib/i18n/translator";

export type ChatSummary = { id: string; title: string; updatedAt: string };

type Props = {
  id: string;
  className: string;
  chats: ChatSummary[] | null;
  failed: boolean;
  activeId: string | null;
  t: Translate;
  onSelect: (chatId: string | null) => void;
  onChanged: () => void;
  onDeleted: (chatId: string) => void;
};

/** The student's conversations in the course: open, rename, delete, or start a new one. */
export function ChatList({ id, className, chats, failed, activeId, t, onSelect, onChanged, onDeleted }: Props) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [title, setTitle] = useState("");

  const rename = async (chatId: string) => {
    const response = await fetch(`/api/chats/${chatId}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ title }) });
    if (response.ok) {
      setRenaming(null);
      onChanged();
    }
  };
  const remove = async (chat: ChatSummary) => {
    if (!window.confirm(t("chat.deleteConfirm", { title: chat.title }))) return;
    const response = await fetch(`/api/chats/${chat.id}`, { method: "DELETE" });
    if (response.ok) onDeleted(chat.id);
  };

  const small = "rounded px-1.5 py-0.5 text-xs text-slate-500 hover:bg-slate-200 hover:text-slate-900";
  return (
    <aside id={id} aria-label={t("chat.conversations")} className={`${className} w-full shrink-0 space-y-3 md:w-64`}>
      <button type="button" onClick={() => onSelect(null)} className="w-full rounded-xl bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
        + {t("chat.newChat")}
      </button>
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
                <input
                  aria-label={t("chat.renameLabel")}
                  value={title}
                  maxLength={200}
                  autoFocus
                  onChange={(event) => setTitle(event.target.value)}
                  onKeyDown={(event) => event.key === "Escape" && setRenaming(null)}
                  className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1 text-sm"
                />
                <button type="submit" className={small}>
                  {t("chat.save")}
                </button>
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
                <button
                  type="button"
                  className={small}
                  aria-label={`${t("chat.rename")}: ${chat.title}`}
                  onClick={() => {
                    setRenaming(chat.id);
                    setTitle(chat.title);
                  }}
                >
                  ✎
                </button>
                <button type="button" className={small} aria-label={`${t("chat.delete")}: ${chat.title}`} onClick={() => void remove(chat)}>
                  ✕
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </aside>
  );
}
