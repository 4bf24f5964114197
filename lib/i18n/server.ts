import type { Metadata } from "next";
import { cookies } from "next/headers";
import { getContainer } from "@/lib/server/container";
import { LOCALE_COOKIE, resolveLocale, type Locale } from "./locales";
import type { MessageKey } from "./messages/ru";
import { createTranslator, type Translate } from "./translator";

/** The current request's language and a translator for it (server components and route handlers). */
export async function getI18n(): Promise<{ locale: Locale; t: Translate }> {
  const cookieStore = await cookies();
  const locale = resolveLocale(cookieStore.get(LOCALE_COOKIE)?.value, getContainer().config.DEFAULT_LOCALE);
  return { locale, t: createTranslator(locale) };
}

/** generateMetadata for a page whose title is one message. */
export function titleFrom(key: MessageKey) {
  return async (): Promise<Metadata> => ({ title: (await getI18n()).t(key) });
}
