import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MessageView } from "@/components/chat/message-view";
import { toUIMessage } from "@/lib/chat/chats";
import type { ChatMessageMetadata, ChatUIMessage } from "@/lib/chat/ui-message";
import { I18nProvider } from "@/lib/i18n/client";
import type { Locale } from "@/lib/i18n/locales";

const citation = { n: 1, title: "Лекция 2", url: "/d/1", page: 3, section: null, snippet: "…", source: "course" as const, documentId: "d1", entryId: null, similarity: 0.4 };

function answer(metadata: Partial<ChatMessageMetadata>, text = "Списки изменяемы [1]."): ChatUIMessage {
  return { id: "m1", role: "assistant", parts: [{ type: "text", text }], metadata: { chatId: "c1", status: "COMPLETE", ...metadata } };
}

const render = (message: ChatUIMessage, locale: Locale = "ru", streaming = false) =>
  renderToStaticMarkup(createElement(I18nProvider, { locale }, createElement(MessageView, { message, streaming, stopped: false })));

/** The text of the role="note" paragraphs in the markup. */
const notes = (html: string) => [...html.matchAll(/<p role="note"[^>]*>(.*?)<\/p>/g)].map((m) => m[1].replace(/<[^>]+>/g, ""));

describe("the search-mode notice under an answer", () => {
  it("says, quietly, that sources were found by matching words when the search was lexical", () => {
    const html = render(answer({ answerMode: "LLM", searchMode: "LEXICAL", citations: [citation] }));
    expect(notes(html)).toEqual(["Смысловой поиск сейчас недоступен: источники найдены по совпадению слов."]);
    expect(html).toMatch(/<p role="note"[^>]*class="[^"]*text-xs[^"]*text-slate-500/);
    expect(notes(render(answer({ answerMode: "LLM", searchMode: "LEXICAL" }), "en"))).toEqual(["Semantic search is unavailable right now: sources were found by matching words."]);
  });

  it("shows while the answer streams (the metadata arrives before the text)", () => {
    expect(notes(render(answer({ status: "STREAMING", searchMode: "LEXICAL" }, ""), "ru", true))).toHaveLength(1);
  });

  it("words it for an answer that found nothing, and stays away from hybrid and older answers", () => {
    expect(notes(render(answer({ answerMode: "NO_ANSWER", searchMode: "LEXICAL" })))).toEqual(["Смысловой поиск сейчас недоступен: искали только по совпадению слов."]);
    expect(notes(render(answer({ answerMode: "LLM", searchMode: "HYBRID", citations: [citation] })))).toEqual([]);
    expect(notes(render(answer({ answerMode: "LLM" })))).toEqual([]);
  });

  it("survives a reload: a stored answer's search mode is in the metadata the loaded chat renders", () => {
    const stored = {
      id: "m1",
      chatId: "c1",
      role: "ASSISTANT",
      text: "Ответ",
      parts: null,
      status: "COMPLETE",
      errorText: null,
      answerMode: "RETRIEVAL_ONLY",
      searchMode: "LEXICAL",
      citations: [citation],
      feedback: [],
    } as unknown as Parameters<typeof toUIMessage>[0];
    const loaded = toUIMessage(stored);
    expect(loaded.metadata).toMatchObject({ answerMode: "RETRIEVAL_ONLY", searchMode: "LEXICAL" });
    expect(notes(render(loaded))).toHaveLength(1);
    expect(toUIMessage({ ...stored, searchMode: null }).metadata?.searchMode).toBeUndefined();
  });
});
