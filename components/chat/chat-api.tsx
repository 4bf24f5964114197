"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";

/** Headers every chat API request carries: none on the site, the widget session in an embed. */
export type ChatApi = { headers: Record<string, string>; fetch: (url: string, init?: RequestInit) => Promise<Response> };

const plain: ChatApi = { headers: {}, fetch: (url, init) => fetch(url, init) };
const ChatApiContext = createContext<ChatApi>(plain);

export function ChatApiProvider({ headers, onUnauthorized, children }: { headers: Record<string, string>; onUnauthorized?: () => void; children: ReactNode }) {
  // A new object only when the headers change, so the chat does not reload on every render.
  const key = JSON.stringify(headers);
  const api = useMemo<ChatApi>(() => {
    const fixed = JSON.parse(key) as Record<string, string>;
    return {
      headers: fixed,
      fetch: async (url, init) => {
        const response = await fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string> | undefined), ...fixed } });
        if (response.status === 401) onUnauthorized?.();
        return response;
      },
    };
  }, [key, onUnauthorized]);
  return <ChatApiContext.Provider value={api}>{children}</ChatApiContext.Provider>;
}

export const useChatApi = () => useContext(ChatApiContext);
