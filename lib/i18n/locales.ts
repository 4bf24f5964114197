export const LOCALES = ["ru", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** Cookie that remembers the reader's language choice. */
export const LOCALE_COOKIE = "locale";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The reader's explicit choice wins; otherwise the site's DEFAULT_LOCALE. The browser's
 * Accept-Language is deliberately not used: the institution picks the default language.
 */
export function resolveLocale(cookieValue: string | undefined, fallback: Locale): Locale {
  return isLocale(cookieValue) ? cookieValue : fallback;
}
