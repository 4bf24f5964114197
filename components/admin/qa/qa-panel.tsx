"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { FormNotice } from "@/components/ui/form-notice";
import { Input, Textarea } from "@/components/ui/input";
import type { QaEntryView } from "@/lib/admin/qa-entries";
import { onFormData, useAction } from "@/lib/client/use-action";
import { useJson } from "@/lib/client/use-json";
import { apiFailure, requestJson } from "@/lib/http/client";
import { useT } from "@/lib/i18n/client";

type Kind = QaEntryView["kind"];
async function send(url: string, method: string, body?: unknown): Promise<QaEntryView | null> {
  return (await requestJson<{ entry: QaEntryView }>(url, method, body))?.entry ?? null;
}

/** FAQ and organisational answers of one course (or, with courseId null, of every course). */
export function QaPanel({ courseId, initial }: { courseId: string | null; initial: QaEntryView[] }) {
  const t = useT();
  const scope = courseId ?? "global";
  const list = useJson(`/api/admin/qa?courseId=${scope}`, { initial: { entries: initial } });
  const entries = list.data?.entries ?? [];
  const setEntries = (update: (entries: QaEntryView[]) => QaEntryView[]) => list.mutate((data) => ({ entries: update(data.entries) }));
  const [kind, setKind] = useState<Kind>("FAQ");
  const [deleting, setDeleting] = useState<QaEntryView>();
  const action = useAction((reason) => t("qa.failed", { reason }));

  const create = (question: string, answer: string) =>
    action.run(async () => {
      const entry = await send("/api/admin/qa", "POST", { kind, courseId, question, answer });
      if (entry) setEntries((current) => [entry, ...current]);
    });

  const update = (id: string, question: string, answer: string) =>
    action.run(async () => {
      const entry = await send(`/api/admin/qa/${id}`, "PATCH", { question, answer });
      if (entry) setEntries((current) => current.map((e) => (e.id === id ? entry : e)));
    });

  const visible = entries.filter((entry) => entry.kind === kind);

  const importCsv = (file: File) =>
    action.run(async () => {
      const response = await fetch(`/api/admin/qa/import?courseId=${scope}`, { method: "POST", headers: { "content-type": "text/csv" }, body: await file.text() });
      if (!response.ok) throw await apiFailure(response);
      const summary = (await response.json()) as { created: number; updated: number; unchanged: number };
      await list.reload();
      return t("qa.imported", summary);
    });

  return (
    <div className="space-y-4">
      <div role="tablist" aria-label={t("qa.kindLabel")} className="flex gap-2">
        {(["FAQ", "ORGANIZATION"] as const).map((value) => (
          <Button key={value} variant="tab" role="tab" aria-selected={kind === value} onClick={() => setKind(value)}>
            {t(`qa.kind.${value}`)} ({entries.filter((e) => e.kind === value).length})
          </Button>
        ))}
      </div>
      <FormError message={action.error ?? (list.error && t("qa.failed", { reason: list.error.message }))} />
      <FormNotice message={action.notice} />
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
      <EntryForm submitLabel={t("qa.add")} onSubmit={create} resetOnSuccess />
      {visible.length === 0 ? (
        <EmptyState title={t("qa.empty")}>{t("qa.emptyHint")}</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
          {visible.map((entry) => (
            <EntryRow key={entry.id} entry={entry} onSave={(q, a) => update(entry.id, q, a)} onDelete={() => setDeleting(entry)} />
          ))}
        </ul>
      )}
      <ConfirmDialog
        target={deleting}
        title={(entry) => t("qa.deleteTitle", { question: entry.question })}
        body={t("qa.deleteBody")}
        confirmLabel={t("qa.delete")}
        onClose={() => setDeleting(undefined)}
        onConfirm={(entry) =>
          void action.run(async () => {
            await send(`/api/admin/qa/${entry.id}`, "DELETE");
            setEntries((current) => current.filter((e) => e.id !== entry.id));
          })
        }
      />
    </div>
  );
}

function EntryForm({
  submitLabel,
  initial,
  onSubmit,
  onCancel,
  resetOnSuccess = false,
}: {
  submitLabel: string;
  initial?: { question: string; answer: string };
  onSubmit: (question: string, answer: string) => Promise<boolean>;
  onCancel?: () => void;
  resetOnSuccess?: boolean;
}) {
  const t = useT();
  const saving = useAction();
  const submit = onFormData(
    (data, form) =>
      void saving.run(async () => {
        const ok = await onSubmit(String(data.get("question")), String(data.get("answer")));
        if (ok && resetOnSuccess) form.reset();
      }),
  );
  return (
    <form onSubmit={submit} aria-label={submitLabel} className="space-y-2 rounded-xl border border-slate-200 bg-white p-4">
      <Field label={t("qa.question")}>
        <Input name="question" required maxLength={1000} defaultValue={initial?.question} />
      </Field>
      <Field label={t("qa.answer")}>
        <Textarea name="answer" required maxLength={10_000} rows={3} defaultValue={initial?.answer} />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" disabled={saving.pending}>
          {saving.pending ? t("qa.saving") : submitLabel}
        </Button>
        {onCancel ? (
          <Button variant="outline" onClick={onCancel}>
            {t("qa.cancel")}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function EntryRow({ entry, onSave, onDelete }: { entry: QaEntryView; onSave: (q: string, a: string) => Promise<boolean>; onDelete: () => void }) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <li className="p-2">
        <EntryForm
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
          <Button variant="outline" size="xs" onClick={() => setEditing(true)}>
            {t("qa.edit")}
          </Button>
          <Button variant="destructive-outline" size="xs" onClick={onDelete}>
            {t("qa.delete")}
          </Button>
        </div>
      </div>
      <p className="whitespace-pre-line text-sm text-slate-600">{entry.answer}</p>
    </li>
  );
}
