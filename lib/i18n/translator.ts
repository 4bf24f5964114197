import { IntlMessageFormat } from "intl-messageformat";
import type { Locale } from "./locales";
import { en } from "./messages/en";
import { ru, type MessageKey, type Messages } from "./messages/ru";

export const catalogues: Record<Locale, Messages> = { ru, en };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const formatters = new Map<string, IntlMessageFormat>();

export function createTranslator(locale: Locale): Translate {
  return (key, values) => {
    const cacheKey = `${locale}:${key}`;
    let formatter = formatters.get(cacheKey);
    if (!formatter) {
      formatter = new IntlMessageFormat(catalogues[locale][key], locale);
      formatters.set(cacheKey, formatter);
    }
    return String(formatter.format(values));
  };
}
