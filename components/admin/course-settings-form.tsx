"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { FormNotice } from "@/components/ui/form-notice";
import { Input, Textarea } from "@/components/ui/input";
import type { CalibratedFloor, CourseFloorsView, CourseView } from "@/lib/admin/courses";
import { onFormData, useAction } from "@/lib/client/use-action";
import { MIN_DAILY_TOKEN_BUDGET } from "@/lib/courses/token-budget-limits";
import { requestJson } from "@/lib/http/client";
import { useI18n } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/messages/ru";
import { LanguageSelect } from "./language-select";

type Props = {
  course: CourseView;
  /** The course's relevance floors for the lexical index and the current embedding model. */
  floors: CourseFloorsView;
  /** RELEVANCE_FLOOR_PERCENTILE: the share of off-topic probe questions a floor keeps out. */
  floorPercentile: number;
  /** Only administrators set a course's token budget (it spends the site's money); staff see it. */
  canSetBudget: boolean;
};

/** An optional number field's value: empty is null (the calibration applies, no budget), otherwise the number typed. */
function numberOrNull(form: FormData, name: string): number | null {
  const text = String(form.get(name) ?? "").trim();
  return text === "" ? null : Number(text);
}

export function CourseSettingsForm({ course, floors, floorPercentile, canSetBudget }: Props) {
  const { locale, t } = useI18n();
  const router = useRouter();
  const action = useAction((reason) => t("settings.failed", { reason }));

  const save = (patch: Record<string, unknown>) =>
    void action.run(async () => {
      await requestJson(`/api/admin/courses/${course.id}`, "PATCH", patch);
      router.refresh();
      return t("settings.saved");
    });

  const submit = onFormData((form) => {
    const systemPrompt = String(form.get("systemPrompt") ?? "").trim();
    const denseFloorOverride = numberOrNull(form, "denseFloorOverride");
    const lexicalFloorOverride = numberOrNull(form, "lexicalFloorOverride");
    const dailyTokenBudget = canSetBudget ? numberOrNull(form, "dailyTokenBudget") : course.dailyTokenBudget;
    save({
      title: form.get("title"),
      description: form.get("description"),
      language: form.get("language"),
      systemPrompt: systemPrompt === "" ? null : systemPrompt,
      // Sent only when changed, so saving the title does not touch the floors.
      ...(denseFloorOverride === floors.dense.override ? {} : { denseFloorOverride }),
      ...(lexicalFloorOverride === floors.lexical.override ? {} : { lexicalFloorOverride }),
      ...(dailyTokenBudget === course.dailyTokenBudget ? {} : { dailyTokenBudget }),
    });
  });

  return (
    <details className="rounded-xl border border-slate-200 bg-white p-4">
      <summary className="cursor-pointer font-semibold">{t("settings.title")}</summary>
      <form onSubmit={submit} aria-label={t("settings.title")} className="mt-3 space-y-3">
        {course.archived ? <p className="text-sm text-amber-800">{t("settings.archivedNote")}</p> : null}
        {course.published ? null : <p className="text-sm text-amber-800">{t("settings.draftNote")}</p>}
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t("settings.courseTitle")}>
            <Input name="title" required maxLength={200} defaultValue={course.title} />
          </Field>
          <LanguageSelect label={t("settings.language")} defaultValue={course.language} />
        </div>
        <Field label={t("settings.description")}>
          <Textarea name="description" maxLength={2000} rows={2} defaultValue={course.description ?? ""} />
        </Field>
        <Field label={t("settings.systemPrompt")} hint={t("settings.systemPromptHint")}>
          <Textarea name="systemPrompt" maxLength={10_000} rows={4} defaultValue={course.systemPrompt ?? ""} />
        </Field>
        {canSetBudget ? (
          <Field label={t("settings.budget")} hint={t("settings.budgetHint", { min: MIN_DAILY_TOKEN_BUDGET })}>
            <Input
              name="dailyTokenBudget"
              type="number"
              step={1}
              min={MIN_DAILY_TOKEN_BUDGET}
              defaultValue={course.dailyTokenBudget ?? ""}
              placeholder={t("settings.budgetPlaceholder")}
            />
          </Field>
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
        <FormError message={action.error} />
        <FormNotice message={action.notice} />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={action.pending}>
            {action.pending ? t("settings.saving") : t("settings.save")}
          </Button>
          <Button variant="outline" disabled={action.pending} onClick={() => save({ published: !course.published })}>
            {course.published ? t("settings.unpublish") : t("settings.publish")}
          </Button>
          <Button variant="outline" disabled={action.pending} onClick={() => save({ archived: !course.archived })}>
            {course.archived ? t("settings.unarchive") : t("settings.archive")}
          </Button>
        </div>
      </form>
    </details>
  );
}

type FloorFieldProps = {
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
function FloorField({ name, label, hint, min, max, calibrated, override, modelMissing }: FloorFieldProps) {
  const { locale, t } = useI18n();
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
      <Input
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
        className="w-full"
      />
      <span id={`${id}-hint`} className="block text-xs text-slate-500">
        {t(hint)}
      </span>
    </div>
  );
}
