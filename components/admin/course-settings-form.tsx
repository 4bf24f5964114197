"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { CourseView } from "@/lib/admin/courses";
import type { Locale } from "@/lib/i18n/locales";
import { createTranslator } from "@/lib/i18n/translator";
import { inputClass } from "@/components/ui/styles";
import { requestJson } from "@/lib/http/client";

export function CourseSettingsForm({ course, locale }: { course: CourseView; locale: Locale }) {
  const t = createTranslator(locale);
  const router = useRouter();
  const [status, setStatus] = useState<{ kind: "saved" | "error"; text: string }>();
  const [pending, setPending] = useState(false);

  async function save(patch: Record<string, unknown>) {
    setPending(true);
    setStatus(undefined);
    try {
      await requestJson(`/api/admin/courses/${course.id}`, "PATCH", patch);
      setStatus({ kind: "saved", text: t("settings.saved") });
      router.refresh();
    } catch (failure) {
      setStatus({ kind: "error", text: t("settings.failed", { reason: failure instanceof Error ? failure.message : String(failure) }) });
    } finally {
      setPending(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const systemPrompt = String(form.get("systemPrompt") ?? "").trim();
    void save({
      title: form.get("title"),
      description: form.get("description"),
      language: form.get("language"),
      systemPrompt: systemPrompt === "" ? null : systemPrompt,
    });
  }

  return (
    <details className="rounded-xl border border-slate-200 bg-white p-4">
      <summary className="cursor-pointer font-semibold">{t("settings.title")}</summary>
      <form onSubmit={submit} aria-label={t("settings.title")} className="mt-3 space-y-3">
        {course.archived ? <p className="text-sm text-amber-800">{t("settings.archivedNote")}</p> : null}
        <div className="grid gap-3 sm:grid-cols-2">
          <label className="space-y-1 text-sm">
            <span className="text-slate-700">{t("settings.courseTitle")}</span>
            <input name="title" required maxLength={200} defaultValue={course.title} className={inputClass} />
          </label>
          <label className="space-y-1 text-sm">
            <span className="text-slate-700">{t("settings.language")}</span>
            <select name="language" defaultValue={course.language} className={inputClass}>
              <option value="ru">{t("locale.ru")}</option>
              <option value="en">{t("locale.en")}</option>
            </select>
          </label>
        </div>
        <label className="block space-y-1 text-sm">
          <span className="text-slate-700">{t("settings.description")}</span>
          <textarea name="description" maxLength={2000} rows={2} defaultValue={course.description ?? ""} className={inputClass} />
        </label>
        <label className="block space-y-1 text-sm">
          <span className="text-slate-700">{t("settings.systemPrompt")}</span>
          <textarea name="systemPrompt" maxLength={10_000} rows={4} defaultValue={course.systemPrompt ?? ""} aria-describedby="prompt-hint" className={inputClass} />
          <span id="prompt-hint" className="text-xs text-slate-500">
            {t("settings.systemPromptHint")}
          </span>
        </label>
        {status ? (
          <p role={status.kind === "error" ? "alert" : "status"} className={`text-sm ${status.kind === "error" ? "text-rose-700" : "text-emerald-700"}`}>
            {status.text}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <button type="submit" disabled={pending} className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
            {pending ? t("settings.saving") : t("settings.save")}
          </button>
          <button type="button" disabled={pending} onClick={() => void save({ archived: !course.archived })} className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-60">
            {course.archived ? t("settings.unarchive") : t("settings.archive")}
          </button>
        </div>
      </form>
    </details>
  );
}
