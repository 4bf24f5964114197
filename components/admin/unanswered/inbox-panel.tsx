"use client";

import { useState, type FormEvent } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import type { Inbox, InboxGroup } from "@/lib/admin/unanswered/inbox";
import type { Locale } from "@/lib/i18n/locales";
import { createTranslator, type Translate } from "@/lib/i18n/translator";
import { inputClass } from "@/components/ui/styles";
import { requestJson } from "@/lib/http/client";
import { FormError } from "@/components/ui/form-error";
import { FormNotice } from "@/components/ui/form-notice";

export function InboxPanel({ courseId, locale, initial }: { courseId: string; locale: Locale; initial: Inbox }) {
  const t = createTranslator(locale);
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
          <GroupCard key={group.questionIds[0]} group={group} courseId={courseId} locale={locale} t={t} onClosed={(message) => close(group, message)} />
        ))}
      </ul>
    </div>
  );
}

function GroupCard({ group, courseId, locale, t, onClosed }: { group: InboxGroup; courseId: string; locale: Locale; t: Translate; onClosed: (message?: string) => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const count = group.questionIds.length;

  const run = async (work: () => Promise<unknown>, message?: string) => {
    setPending(true);
    setError(undefined);
    try {
      await work();
      onClosed(message);
    } catch (failure) {
      setError(t("inbox.failed", { reason: failure instanceof Error ? failure.message : String(failure) }));
      setPending(false);
    }
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void run(
      () => requestJson(`/api/admin/courses/${courseId}/unanswered/answer`, "POST", { questionIds: group.questionIds, question: form.get("question"), answer: form.get("answer") }),
      t("inbox.created"),
    );
  }

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
      <FormError message={error} />
      <form onSubmit={submit} aria-label={t("inbox.createFaq")} className="space-y-2">
        <label className="block space-y-1 text-sm">
          <span className="text-slate-700">{t("inbox.answerQuestion")}</span>
          <input name="question" required maxLength={1000} defaultValue={group.representative} className={inputClass} />
        </label>
        <label className="block space-y-1 text-sm">
          <span className="text-slate-700">{t("inbox.answer")}</span>
          <textarea name="answer" required maxLength={10_000} rows={3} className={inputClass} />
        </label>
        <div className="flex gap-2">
          <button type="submit" disabled={pending} className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
            {pending ? t("inbox.saving") : t("inbox.createFaq")}
          </button>
          <button
            type="button"
            disabled={pending}
            onClick={() => void run(() => requestJson(`/api/admin/courses/${courseId}/unanswered/dismiss`, "POST", { questionIds: group.questionIds }))}
            className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-60"
          >
            {t("inbox.dismiss")}
          </button>
        </div>
      </form>
    </li>
  );
}
