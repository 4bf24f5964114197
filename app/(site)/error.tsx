"use client";

import { useEffect, useState } from "react";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { createTranslator } from "@/lib/i18n/translator";

// Error boundaries render on the client, where the server's translator is out of reach;
// the root layout's <html lang> carries the reader's language.
function documentLocale(): Locale {
  const lang = typeof document === "undefined" ? undefined : document.documentElement.lang;
  return isLocale(lang) ? lang : "ru";
}

export default function ErrorBoundary({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const [t] = useState(() => createTranslator(documentLocale()));
  useEffect(() => console.error(error), [error]);

  return (
    <div role="alert" className="space-y-3 py-12 text-center">
      <h1 className="text-2xl font-semibold">{t("error.title")}</h1>
      <p className="text-slate-600">{t("error.body")}</p>
      <button
        type="button"
        onClick={reset}
        className="rounded-lg bg-brand-600 px-4 py-2 text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      >
        {t("error.retry")}
      </button>
    </div>
  );
}
