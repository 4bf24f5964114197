import type { ReactNode } from "react";
import { I18nProvider } from "@/lib/i18n/client";
import { getI18n } from "@/lib/i18n/server";
import { SiteHeader } from "./site-header";

/**
 * The site around a page: skip link, header, main column, and the reader's language for the client
 * components in it. The embedded chat has none of it.
 */
export async function SiteChrome({ children }: { children: ReactNode }) {
  const { locale, t } = await getI18n();
  return (
    <I18nProvider locale={locale}>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        {t("nav.skipToContent")}
      </a>
      <SiteHeader />
      <main id="main" className="mx-auto w-full max-w-5xl px-4 py-8 sm:px-6">
        {children}
      </main>
    </I18nProvider>
  );
}
