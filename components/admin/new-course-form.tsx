"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Checkbox, Input } from "@/components/ui/input";
import { onFormData, useAction } from "@/lib/client/use-action";
import { useI18n } from "@/lib/i18n/client";
import { requestJson } from "@/lib/http/client";
import { LanguageSelect } from "./language-select";

export function NewCourseForm() {
  const { locale, t } = useI18n();
  const router = useRouter();
  const action = useAction((reason) => t("courses.createFailed", { reason }));
  // Pending until the new course's page is on screen, so the form cannot be sent twice meanwhile.
  const [opening, startOpening] = useTransition();
  const pending = action.pending || opening;

  const submit = onFormData(
    (form) =>
      void action.run(async () => {
        const body = await requestJson<{ course: { id: string } }>("/api/admin/courses", "POST", {
          title: form.get("title"),
          slug: form.get("slug"),
          language: form.get("language"),
          published: form.get("published") === "on",
        });
        startOpening(() => router.push(`/admin/courses/${body!.course.id}`));
      }),
  );

  return (
    <form onSubmit={submit} aria-labelledby="new-course" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="new-course" className="font-semibold">
        {t("courses.new")}
      </h2>
      <FormError message={action.error} />
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label={t("courses.title")}>
          <Input name="title" required maxLength={200} />
        </Field>
        <Field label={t("courses.slug")}>
          <Input name="slug" required pattern="[a-z0-9]+(-[a-z0-9]+)*" maxLength={80} />
        </Field>
        <LanguageSelect label={t("courses.language")} defaultValue={locale} />
      </div>
      <Checkbox name="published" label={t("courses.publishNow")} hint={t("courses.publishHint")} className="text-sm" />
      <Button type="submit" size="md" disabled={pending}>
        {pending ? t("courses.creating") : t("courses.create")}
      </Button>
    </form>
  );
}
