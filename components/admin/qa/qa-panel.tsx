"use client";

import { useState, type FormEvent } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import type { QaEntryView } from "@/lib/admin/qa-entries";
import type { Locale } from "@/lib/i18n/locales";
import { createTranslator, type Translate } from "@/lib/i18n/translator";
import { inputClass } from "@/components/ui/styles";
import { failureOf, requestJson } from "@/lib/http/client";
import { FormError } from "@/components/ui/form-error";
import { FormNotice } from "@/components/ui/form-notice";

type Kind = QaEntryView["kind"];
async function send(url: string, method: string, body?: unknown): Promise<QaEntryView | null> {
  return (await requestJson<{ entry: QaEntryView }>(url, method, body))?.entry ?? null;
}

/** FAQ and organisational answers of one course (or, with courseId null, of every course). */
export function QaPanel({ courseId, locale, initial }: { courseId: string | null; locale: Locale; initial: QaEntryView[] }) {
  const t = createTranslator(locale);
  const [entries, setEntries] = useState(initial);
  const [kind, setKind] = useState<Kind>("FAQ");
  const [error, setError] = useState<string>();
  const [deleting, setDeleting] = useState<QaEntryView>();
  const [notice, setNotice] = useState<string>();

  const run = async (work: () => Promise<void>) => {
    setError(undefined);
    setNotice(undefined);
    try {
      await work();
      return true;
    } catch (failure) {
      setError(t("qa.failed", { reason: failure instanceof Error ? failure.message : String(failure) }));
      return false;
    }
  };

  const create = (question: string, answer: string) =>
    run(async () => {
      const entry = await send("/api/admin/qa", "POST", { kind, courseId, question, answer });
      if (entry) setEntries((current) => [entry, ...current]);
    });

  const update = (id: string, question: string, answer: string) =>
    run(async () => {
      const entry = await send(`/api/admin/qa/${id}`, "PATCH", { question, answer });
      if (entry) setEntries((current) => current.map((e) => (e.id === id ? entry : e)));
    });

  const visible = entries.filter((entry) => entry.kind === kind);
  const scope = courseId ?? "global";

  const importCsv = (file: File) =>
    run(async () => {
      const response = await fetch(`/api/admin/qa/import?courseId=${scope}`, { method: "POST", headers: { "content-type": "text/csv" }, body: await file.text() });
      if (!response.ok) throw new Error(await failureOf(response));
      const summary = (await response.json()) as { created: number; updated: number; unchanged: number };
      const list = await fetch(`/api/admin/qa?courseId=${scope}`, { cache: "no-store" });
      setEntries(((await list.json()) as { entries: QaEntryView[] }).entries);
      setNotice(t("qa.imported", summary));
    });

  return (
    <div className="space-y-4">
      <div role="tablist" aria-label={t("qa.kindLabel")} className="flex gap-2">
        {(["FAQ", "ORGANIZATION"] as const).map((value) => (
          <button
            key={value}
            type="button"
            role="tab"
            aria-selected={kind === value}
            onClick={() => setKind(value)}
            className={`rounded-lg px-3 py-1.5 text-sm ${kind === value ? "bg-brand-600 text-white" : "border border-slate-300 hover:bg-slate-50"}`}
          >
            {t(`qa.kind.${value}`)} ({entries.filter((e) => e.kind === value).length})
          </button>
        ))}
      </div>
      <FormError message={error} />
      <FormNotice message={notice} />
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <a href={`/api/admin/qa/export?courseId=${scope}`} download className="text-brand-700 hover:underline">
          {t("qa.export")}
        </a>
        <label className="cursor-pointer text-brand-700 hover:underline focus-within:outline-2 focus-within:outline-brand-600">
          {t("qa.import")}
          <input
            type="file"
            accept=".csv,text/csv"
            className="sr-only"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = "";
              if (file) void importCsv(file);
            }}
          />
        </label>
        <span className="text-xs text-slate-500">{t("qa.csvHint")}</span>
      </div>
      <EntryForm t={t} submitLabel={t("qa.add")} onSubmit={create} resetOnSuccess />
      {visible.length === 0 ? (
        <EmptyState title={t("qa.empty")}>{t("qa.emptyHint")}</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
          {visible.map((entry) => (
            <EntryRow key={entry.id} entry={entry} t={t} onSave={(q, a) => update(entry.id, q, a)} onDelete={() => setDeleting(entry)} />
          ))}
        </ul>
      )}
      <ConfirmDialog
        target={deleting}
        title={(entry) => t("qa.deleteTitle", { question: entry.question })}
        body={t("qa.deleteBody")}
        confirmLabel={t("qa.delete")}
        cancelLabel={t("dialog.cancel")}
        onClose={() => setDeleting(undefined)}
        onConfirm={(entry) =>
          void run(async () => {
            await send(`/api/admin/qa/${entry.id}`, "DELETE");
            setEntries((current) => current.filter((e) => e.id !== entry.id));
          })
        }
      />
    </div>
  );
}

function EntryForm({
  t,
  submitLabel,
  initial,
  onSubmit,
  onCancel,
  resetOnSuccess = false,
}: {
  t: Translate;
  submitLabel: string;
  initial?: { question: string; answer: string };
  onSubmit: (question: string, answer: string) => Promise<boolean>;
  onCancel?: () => void;
  resetOnSuccess?: boolean;
}) {
  const [pending, setPending] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setPending(true);
    const ok = await onSubmit(String(form.get("question")), String(form.get("answer")));
    setPending(false);
    if (ok && resetOnSuccess) formElement.reset();
  }
  return (
    <form onSubmit={submit} aria-label={submitLabel} className="space-y-2 rounded-xl border border-slate-200 bg-white p-4">
      <label className="block space-y-1 text-sm">
        <span className="text-slate-700">{t("qa.question")}</span>
        <input name="question" required maxLength={1000} defaultValue={initial?.question} className={inputClass} />
      </label>
      <label className="block space-y-1 text-sm">
        <span className="text-slate-700">{t("qa.answer")}</span>
        <textarea name="answer" required maxLength={10_000} rows={3} defaultValue={initial?.answer} className={inputClass} />
      </label>
      <div className="flex gap-2">
        <button type="submit" disabled={pending} className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {pending ? t("qa.saving") : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel} className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">
            {t("qa.cancel")}
          </button>
        ) : null}
      </div>
    </form>
  );
}

function EntryRow({ entry, t, onSave, onDelete }: { entry: QaEntryView; t: Translate; onSave: (q: string, a: string) => Promise<boolean>; onDelete: () => void }) {
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <li className="p-2">
        <EntryForm
          t={t}
          submitLabel={t("qa.save")}
          initial={entry}
          onCancel={() => setEditing(false)}
          onSubmit={async (question, answer) => {
            const ok = await onSave(question, answer);
            if (ok) setEditing(false);
            return ok;
          }}
        />
      </li>
    );
  }
  return (
    <li data-entry={entry.question} className="space-y-1 px-4 py-3">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <p className="font-medium">{entry.question}</p>
        <div className="flex gap-2">
          <button type="button" onClick={() => setEditing(true)} className="rounded-lg border border-slate-300 px-2.5 py-1 text-xs hover:bg-slate-50">
            {t("qa.edit")}
          </button>
          <button type="button" onClick={onDelete} className="rounded-lg border border-rose-200 px-2.5 py-1 text-xs text-rose-700 hover:bg-rose-50">
            {t("qa.delete")}
          </button>
        </div>
      </div>
      <p className="whitespace-pre-line text-sm text-slate-600">{entry.answer}</p>
    </li>
  );
}
