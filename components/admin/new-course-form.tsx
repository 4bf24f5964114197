"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { Locale } from "@/lib/i18n/locales";
import { createTranslator } from "@/lib/i18n/translator";
import { inputClass } from "@/components/ui/styles";
import { requestJson } from "@/lib/http/client";
import { FormError } from "@/components/ui/form-error";

export function NewCourseForm({ locale }: { locale: Locale }) {
  const t = createTranslator(locale);
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    try {
      const body = await requestJson<{ course: { id: string } }>("/api/admin/courses", "POST", {
        title: form.get("title"),
        slug: form.get("slug"),
        language: form.get("language"),
        published: form.get("published") === "on",
      });
      router.push(`/admin/courses/${body!.course.id}`);
    } catch (failure) {
      setError(t("courses.createFailed", { reason: failure instanceof Error ? failure.message : String(failure) }));
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby="new-course" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="new-course" className="font-semibold">
        {t("courses.new")}
      </h2>
      <FormError message={error} />
      <div className="grid gap-3 sm:grid-cols-3">
        <label className="space-y-1 text-sm sm:col-span-1">
          <span className="text-slate-700">{t("courses.title")}</span>
          <input name="title" required maxLength={200} className={inputClass} />
        </label>
        <label className="space-y-1 text-sm">
          <span className="text-slate-700">{t("courses.slug")}</span>
          <input name="slug" required pattern="[a-z0-9]+(-[a-z0-9]+)*" maxLength={80} className={inputClass} />
        </label>
        <label className="space-y-1 text-sm">
          <span className="text-slate-700">{t("courses.language")}</span>
          <select name="language" defaultValue={locale} className={inputClass}>
            <option value="ru">{t("locale.ru")}</option>
            <option value="en">{t("locale.en")}</option>
          </select>
        </label>
      </div>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="published" aria-describedby="new-course-publish-hint" className="mt-1" />
        <span>
          <span className="text-slate-700">{t("courses.publishNow")}</span>
          <span id="new-course-publish-hint" className="block text-xs text-slate-500">
            {t("courses.publishHint")}
          </span>
        </span>
      </label>
      <button type="submit" disabled={pending} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        {pending ? t("courses.creating") : t("courses.create")}
      </button>
    </form>
  );
}
