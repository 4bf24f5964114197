import type { ReactNode } from "react";
import { SiteChrome } from "@/components/layout/site-chrome";
import { getI18n } from "@/lib/i18n/server";

export default async function SiteLayout({ children }: { children: ReactNode }) {
  const { locale, t } = await getI18n();
  return (
    <SiteChrome locale={locale} t={t}>
      {children}
    </SiteChrome>
  );
}
