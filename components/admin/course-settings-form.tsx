"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { CalibratedFloor, CourseFloorsView, CourseView } from "@/lib/admin/courses";
import { MIN_DAILY_TOKEN_BUDGET } from "@/lib/courses/token-budget-limits";
import type { Locale } from "@/lib/i18n/locales";
import type { MessageKey } from "@/lib/i18n/messages/ru";
import { createTranslator, type Translate } from "@/lib/i18n/translator";
import { inputClass } from "@/components/ui/styles";
import { requestJson } from "@/lib/http/client";

type Props = {
  course: CourseView;
  /** The course's relevance floors for the lexical index and the current embedding model. */
  floors: CourseFloorsView;
  /** RELEVANCE_FLOOR_PERCENTILE: the share of off-topic probe questions a floor keeps out. */
  floorPercentile: number;
  /** Only administrators set a course's token budget (it spends the site's money); staff see it. */
  canSetBudget: boolean;
  locale: Locale;
};

/** An optional number field's value: empty is null (the calibration applies, no budget), otherwise the number typed. */
function numberOrNull(form: FormData, name: string): number | null {
  const text = String(form.get(name) ?? "").trim();
  return text === "" ? null : Number(text);
}

export function CourseSettingsForm({ course, floors, floorPercentile, canSetBudget, locale }: Props) {
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
    const denseFloorOverride = numberOrNull(form, "denseFloorOverride");
    const lexicalFloorOverride = numberOrNull(form, "lexicalFloorOverride");
    const dailyTokenBudget = canSetBudget ? numberOrNull(form, "dailyTokenBudget") : course.dailyTokenBudget;
    void save({
      title: form.get("title"),
      description: form.get("description"),
      language: form.get("language"),
      systemPrompt: systemPrompt === "" ? null : systemPrompt,
      // Sent only when changed, so saving the title does not touch the floors.
      ...(denseFloorOverride === floors.dense.override ? {} : { denseFloorOverride }),
      ...(lexicalFloorOverride === floors.lexical.override ? {} : { lexicalFloorOverride }),
      ...(dailyTokenBudget === course.dailyTokenBudget ? {} : { dailyTokenBudget }),
    });
  }

  return (
    <details className="rounded-xl border border-slate-200 bg-white p-4">
      <summary className="cursor-pointer font-semibold">{t("settings.title")}</summary>
      <form onSubmit={submit} aria-label={t("settings.title")} className="mt-3 space-y-3">
        {course.archived ? <p className="text-sm text-amber-800">{t("settings.archivedNote")}</p> : null}
        {course.published ? null : <p className="text-sm text-amber-800">{t("settings.draftNote")}</p>}
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
        {canSetBudget ? (
          <label className="block space-y-1 text-sm">
            <span className="text-slate-700">{t("settings.budget")}</span>
            <input
              name="dailyTokenBudget"
              type="number"
              step={1}
              min={MIN_DAILY_TOKEN_BUDGET}
              defaultValue={course.dailyTokenBudget ?? ""}
              placeholder={t("settings.budgetPlaceholder")}
              aria-describedby="budget-hint"
              className={inputClass}
            />
            <span id="budget-hint" className="text-xs text-slate-500">
              {t("settings.budgetHint", { min: MIN_DAILY_TOKEN_BUDGET })}
            </span>
          </label>
        ) : (
          <p className="text-sm text-slate-700">
            {t("settings.budget")}: {course.dailyTokenBudget === null ? t("settings.budgetPlaceholder") : course.dailyTokenBudget.toLocaleString(locale)}{" "}
            <span className="text-xs text-slate-500">({t("settings.budgetAdminsOnly")})</span>
          </p>
        )}
        <fieldset className="space-y-3 rounded-lg border border-slate-200 p-3" aria-describedby="floors-explain">
          <legend className="px-1 text-sm font-semibold">{t("settings.floors.title")}</legend>
          <p id="floors-explain" className="text-xs text-slate-500">
            {t("settings.floors.explain", { percentile: floorPercentile })}
          </p>
          <div className="grid gap-3 sm:grid-cols-2">
            <FloorField
              t={t}
              locale={locale}
              name="lexicalFloorOverride"
              label="settings.floors.lexical"
              hint="settings.floors.lexicalHint"
              min={0}
              max={1}
              calibrated={floors.lexical.calibrated}
              override={floors.lexical.override}
              modelMissing={false}
            />
            <FloorField
              t={t}
              locale={locale}
              name="denseFloorOverride"
              label="settings.floors.dense"
              hint="settings.floors.denseHint"
              min={-1}
              max={1}
              calibrated={floors.dense.calibrated}
              override={floors.dense.override}
              modelMissing={floors.dense.space === null}
            />
          </div>
        </fieldset>
        {status ? (
          <p role={status.kind === "error" ? "alert" : "status"} className={`text-sm ${status.kind === "error" ? "text-rose-700" : "text-emerald-700"}`}>
            {status.text}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <button type="submit" disabled={pending} className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
            {pending ? t("settings.saving") : t("settings.save")}
          </button>
          <button type="button" disabled={pending} onClick={() => void save({ published: !course.published })} className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-60">
            {course.published ? t("settings.unpublish") : t("settings.publish")}
          </button>
          <button type="button" disabled={pending} onClick={() => void save({ archived: !course.archived })} className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-60">
            {course.archived ? t("settings.unarchive") : t("settings.archive")}
          </button>
        </div>
      </form>
    </details>
  );
}

type FloorFieldProps = {
  t: Translate;
  locale: Locale;
  name: "lexicalFloorOverride" | "denseFloorOverride";
  label: MessageKey;
  hint: MessageKey;
  min: number;
  max?: number;
  calibrated: CalibratedFloor | null;
  override: number | null;
  /** No embedding model answers, so its calibration cannot be looked up. */
  modelMissing: boolean;
};

/** One floor: what calibration found (value, probe questions, when) and the staff's override. */
function FloorField({ t, locale, name, label, hint, min, max, calibrated, override, modelMissing }: FloorFieldProps) {
  const id = `floor-${name}`;
  return (
    <div className="space-y-1 text-sm" data-floor={name}>
      <p id={`${id}-title`} className="font-medium text-slate-700">
        {t(label)}
      </p>
      <p id={`${id}-calibration`} className="text-xs text-slate-600">
        {modelMissing ? (
          t("settings.floors.noModel")
        ) : calibrated ? (
          <>
            {t("settings.floors.calibrated", { value: calibrated.value, count: calibrated.probeCount })}
            {", "}
            {/* The reader's time zone may differ from the server's: the browser's rendering wins. */}
            <time dateTime={calibrated.computedAt} suppressHydrationWarning>
              {t("settings.floors.computedAt", { date: new Date(calibrated.computedAt).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" }) })}
            </time>
          </>
        ) : (
          t("settings.floors.uncalibrated")
        )}
      </p>
      <label id={`${id}-label`} htmlFor={id} className="block pt-1 text-slate-700">
        {t("settings.floors.override")}
      </label>
      <input
        id={id}
        name={name}
        type="number"
        step="any"
        min={min}
        max={max}
        defaultValue={override ?? ""}
        placeholder={t("settings.floors.overridePlaceholder")}
        aria-labelledby={`${id}-title ${id}-label`}
        aria-describedby={`${id}-calibration ${id}-hint`}
        className={inputClass}
      />
      <span id={`${id}-hint`} className="block text-xs text-slate-500">
        {t(hint)}
      </span>
    </div>
  );
}
