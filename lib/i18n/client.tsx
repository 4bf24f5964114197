"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { Locale } from "./locales";
import { createTranslator, type Translate } from "./translator";

type I18n = { locale: Locale; t: Translate };

const I18nContext = createContext<I18n | null>(null);

/**
 * The reader's language for the client components below, set once where the server knows it (the
 * site chrome, the embed page); server components use getI18n (./server.ts) instead.
 */
export function I18nProvider({ locale, children }: { locale: Locale; children?: ReactNode }) {
  const value = useMemo(() => ({ locale, t: createTranslator(locale) }), [locale]);
  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useI18n is used outside an I18nProvider");
  return i18n;
}

export const useT = (): Translate => useI18n().t;
