"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { setLocale } from "@/app/locale-actions";
import type { Locale } from "@/lib/i18n/locales";

type Props = { current: Locale; label: string; options: { locale: Locale; label: string }[] };

export function LocaleSwitcher({ current, label, options }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  return (
    <div role="group" aria-label={label} className="flex shrink-0 rounded-lg border border-slate-200 p-0.5 text-sm">
      {options.map((option) => (
        <button
          key={option.locale}
          type="button"
          lang={option.locale}
          aria-pressed={option.locale === current}
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              await setLocale(option.locale);
              router.refresh();
            })
          }
          className="rounded-md px-2 py-1 text-slate-600 sm:px-3 transition hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600 disabled:opacity-60 aria-pressed:bg-brand-600 aria-pressed:text-white"
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
