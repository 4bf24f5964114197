"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { setLocale } from "@/app/locale-actions";
import { Button } from "@/components/ui/button";
import { useI18n } from "@/lib/i18n/client";
import { LOCALES } from "@/lib/i18n/locales";

export function LocaleSwitcher() {
  const { locale: current, t } = useI18n();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  return (
    <div role="group" aria-label={t("locale.label")} className="flex shrink-0 rounded-lg border border-slate-200 p-0.5 text-sm">
      {LOCALES.map((locale) => (
        <Button
          key={locale}
          variant="segment"
          size="compact"
          lang={locale}
          aria-pressed={locale === current}
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              await setLocale(locale);
              router.refresh();
            })
          }
        >
          {t(`locale.${locale}`)}
        </Button>
      ))}
    </div>
  );
}
