"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { FormNotice } from "@/components/ui/form-notice";
import { Input, Textarea } from "@/components/ui/input";
import type { Inbox, InboxGroup } from "@/lib/admin/unanswered/inbox";
import { onFormData, useAction } from "@/lib/client/use-action";
import { requestJson } from "@/lib/http/client";
import { useI18n, useT } from "@/lib/i18n/client";

export function InboxPanel({ courseId, initial }: { courseId: string; initial: Inbox }) {
  const t = useT();
  const [groups, setGroups] = useState(initial.groups);
  const [notice, setNotice] = useState<string>();
  const close = (group: InboxGroup, message?: string) => {
    setGroups((current) => current.filter((g) => g !== group));
    setNotice(message);
  };

  if (groups.length === 0) {
    return (
      <>
        <FormNotice message={notice} />
        <EmptyState title={t("inbox.empty")}>{t("inbox.emptyHint")}</EmptyState>
      </>
    );
  }
  return (
    <div className="space-y-4">
      {initial.groupedByMeaning ? null : <p className="text-sm text-amber-800">{t("inbox.byWording")}</p>}
      <FormNotice message={notice} />
      <ul className="space-y-4">
        {groups.map((group) => (
          <GroupCard key={group.questionIds[0]} group={group} courseId={courseId} onClosed={(message) => close(group, message)} />
        ))}
      </ul>
    </div>
  );
}

function GroupCard({ group, courseId, onClosed }: { group: InboxGroup; courseId: string; onClosed: (message?: string) => void }) {
  const { locale, t } = useI18n();
  const action = useAction((reason) => t("inbox.failed", { reason }));
  const count = group.questionIds.length;

  const close = (work: () => Promise<unknown>, message?: string) =>
    void action.run(async () => {
      await work();
      onClosed(message);
    });

  const submit = onFormData((form) =>
    close(
      () => requestJson(`/api/admin/courses/${courseId}/unanswered/answer`, "POST", { questionIds: group.questionIds, question: form.get("question"), answer: form.get("answer") }),
      t("inbox.created"),
    ),
  );

  return (
    <li data-group={group.representative} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-medium">{group.representative}</h2>
        <span className="rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-medium text-amber-900">{t("inbox.count", { count })}</span>
      </div>
      <p className="text-xs text-slate-500">
        {[
          group.reasons.NO_MATCH ? t("inbox.noMatch", { count: group.reasons.NO_MATCH }) : null,
          group.reasons.THUMBS_DOWN ? t("inbox.thumbsDown", { count: group.reasons.THUMBS_DOWN }) : null,
          t("inbox.lastAsked", { date: new Date(group.lastAskedAt).toLocaleString(locale) }),
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
      {group.wordings.length > 1 ? (
        <details className="text-sm text-slate-600">
          <summary className="cursor-pointer">{t("inbox.wordings", { count: group.wordings.length })}</summary>
          <ul className="mt-1 list-disc pl-5">
            {group.wordings.map((wording) => (
              <li key={wording}>{wording}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <FormError message={action.error} />
      <form onSubmit={submit} aria-label={t("inbox.createFaq")} className="space-y-2">
        <Field label={t("inbox.answerQuestion")}>
          <Input name="question" required maxLength={1000} defaultValue={group.representative} />
        </Field>
        <Field label={t("inbox.answer")}>
          <Textarea name="answer" required maxLength={10_000} rows={3} />
        </Field>
        <div className="flex gap-2">
          <Button type="submit" disabled={action.pending}>
            {action.pending ? t("inbox.saving") : t("inbox.createFaq")}
          </Button>
          <Button variant="outline" disabled={action.pending} onClick={() => close(() => requestJson(`/api/admin/courses/${courseId}/unanswered/dismiss`, "POST", { questionIds: group.questionIds }))}>
            {t("inbox.dismiss")}
          </Button>
        </div>
      </form>
    </li>
  );
}
