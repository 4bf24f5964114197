"use client";

import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { useT } from "@/lib/i18n/client";
import { LOCALES } from "@/lib/i18n/locales";

/** A course's language: one of those the site speaks. */
export function LanguageSelect({ label, defaultValue }: { label: string; defaultValue: string }) {
  const t = useT();
  return (
    <Field label={label}>
      <Select name="language" defaultValue={defaultValue}>
        {LOCALES.map((locale) => (
          <option key={locale} value={locale}>
            {t(`locale.${locale}`)}
          </option>
        ))}
      </Select>
    </Field>
  );
}
