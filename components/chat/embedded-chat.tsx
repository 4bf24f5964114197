"use client";

import { useCallback, useEffect, useState } from "react";
import { WIDGET_TOKEN_HEADER } from "@/lib/widget/token-header";
import { useT } from "@/lib/i18n/client";
import { ChatApiProvider } from "./chat-api";
import { ChatApp } from "./chat-app";

type SessionMessage = { type: "course-assistant:session"; token: string; greeting?: string };

function isSession(data: unknown): data is SessionMessage {
  return typeof data === "object" && data !== null && (data as SessionMessage).type === "course-assistant:session" && typeof (data as SessionMessage).token === "string";
}

/**
 * The chat inside the widget's iframe. The session token comes from the widget script on the host
 * page (which asked for it under the host's own origin); every API call carries it, since a
 * third-party iframe cannot count on cookies. Escape and an expired session are passed back up.
 */
export function EmbeddedChat({ courseSlug, maxChars }: { courseSlug: string; maxChars: number }) {
  const t = useT();
  const [token, setToken] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);
  const [greeting, setGreeting] = useState("");

  useEffect(() => {
    const receive = (event: MessageEvent) => {
      if (event.source !== window.parent || !isSession(event.data)) return;
      setToken(event.data.token);
      setGreeting(event.data.greeting?.slice(0, 500) ?? "");
      setExpired(false);
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key === "Escape") window.parent.postMessage({ type: "course-assistant:escape" }, "*");
    };
    window.addEventListener("message", receive);
    window.addEventListener("keydown", escape);
    window.parent.postMessage({ type: "course-assistant:ready" }, "*");
    return () => {
      window.removeEventListener("message", receive);
      window.removeEventListener("keydown", escape);
    };
  }, []);

  const onUnauthorized = useCallback(() => {
    setExpired(true);
    window.parent.postMessage({ type: "course-assistant:expired" }, "*");
  }, []);

  if (!token || expired) {
    return (
      <p role="status" className="p-4 text-sm text-slate-600">
        {t(expired ? "embed.expired" : "embed.connecting")}
      </p>
    );
  }
  return (
    <ChatApiProvider headers={{ [WIDGET_TOKEN_HEADER]: token }} onUnauthorized={onUnauthorized}>
      <div className="space-y-3 p-3">
        {greeting ? <p className="rounded-lg bg-brand-50 px-3 py-2 text-sm text-slate-700">{greeting}</p> : null}
        <ChatApp courseSlug={courseSlug} maxChars={maxChars} initialChatId={null} />
      </div>
    </ChatApiProvider>
  );
}
