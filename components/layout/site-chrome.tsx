import type { ReactNode } from "react";
import type { Locale } from "@/lib/i18n/locales";
import type { Translate } from "@/lib/i18n/translator";
import { SiteHeader } from "./site-header";

/** The site around a page: skip link, header, main column. The embedded chat has none of it. */
export function SiteChrome({ locale, t, children }: { locale: Locale; t: Translate; children: ReactNode }) {
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        {t("nav.skipToContent")}
      </a>
      <SiteHeader locale={locale} t={t} />
      <main id="main" className="mx-auto w-full max-w-5xl px-4 py-8 sm:px-6">
        {children}
      </main>
    </>
  );
}
