"use client";

import { useState, type FormEvent } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import type { WidgetSiteView } from "@/lib/admin/widget-sites";
import type { Locale } from "@/lib/i18n/locales";
import { createTranslator, type Translate } from "@/lib/i18n/translator";
import { inputClass } from "@/components/ui/styles";
import { requestJson } from "@/lib/http/client";
import { FormError } from "@/components/ui/form-error";

async function send(url: string, method: string, body?: unknown): Promise<WidgetSiteView | null> {
  return (await requestJson<{ site: WidgetSiteView }>(url, method, body))?.site ?? null;
}

function formValues(form: FormData) {
  return {
    name: String(form.get("name") ?? ""),
    allowedOrigins: String(form.get("allowedOrigins") ?? "")
      .split(/\s+/)
      .filter(Boolean),
    rateLimitPerMinute: Number(form.get("rateLimitPerMinute") ?? 20),
    requireIdentity: form.get("requireIdentity") === "on",
    enabled: form.get("enabled") === "on",
  };
}

export function WidgetSitesPanel({ courseId, courseSlug, locale, appUrl, initial }: { courseId: string; courseSlug: string; locale: Locale; appUrl: string; initial: WidgetSiteView[] }) {
  const t = createTranslator(locale);
  const [sites, setSites] = useState(initial);
  const [error, setError] = useState<string>();
  const [deleting, setDeleting] = useState<WidgetSiteView>();

  const run = async (work: () => Promise<void>) => {
    setError(undefined);
    try {
      await work();
      return true;
    } catch (failure) {
      setError(t("widget.failed", { reason: failure instanceof Error ? failure.message : String(failure) }));
      return false;
    }
  };
  const replace = (site: WidgetSiteView | null) => {
    if (site) setSites((current) => current.map((s) => (s.id === site.id ? site : s)));
  };

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">{t("widget.intro")}</p>
      <FormError message={error} />
      {sites.length === 0 ? <EmptyState title={t("widget.empty")} /> : null}
      <ul className="space-y-4">
        {sites.map((site) => (
          <li key={site.id} data-site={site.name} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
            <SiteForm t={t} site={site} submitLabel={t("widget.save")} onSubmit={(values) => run(async () => replace(await send(`/api/admin/widget-sites/${site.id}`, "PATCH", values)))} />
            <Snippet t={t} code={`<script src="${appUrl}/widget.js" data-site-key="${site.key}" data-course="${courseSlug}" async></script>`} />
            <details className="text-sm">
              <summary className="cursor-pointer text-slate-700">{t("widget.showSecret")}</summary>
              <p className="mt-1 text-xs text-slate-500">{t("widget.secret")}</p>
              <code className="block break-all rounded bg-slate-100 px-2 py-1 text-xs">{site.secret}</code>
              <button type="button" onClick={() => run(async () => replace(await send(`/api/admin/widget-sites/${site.id}/rotate-secret`, "POST")))} className="mt-2 rounded-lg border border-slate-300 px-2.5 py-1 text-xs hover:bg-slate-50">
                {t("widget.rotate")}
              </button>
            </details>
            <button type="button" onClick={() => setDeleting(site)} className="rounded-lg border border-rose-200 px-2.5 py-1 text-xs text-rose-700 hover:bg-rose-50">
              {t("widget.delete")}
            </button>
          </li>
        ))}
      </ul>
      <SiteForm
        t={t}
        submitLabel={t("widget.add")}
        onSubmit={(values) =>
          run(async () => {
            const site = await send(`/api/admin/courses/${courseId}/widget-sites`, "POST", values);
            if (site) setSites((current) => [...current, site]);
          })
        }
      />
      <ConfirmDialog
        target={deleting}
        title={(site) => t("widget.deleteTitle", { name: site.name })}
        body={t("widget.deleteBody")}
        confirmLabel={t("widget.delete")}
        cancelLabel={t("dialog.cancel")}
        onClose={() => setDeleting(undefined)}
        onConfirm={(site) =>
          void run(async () => {
            await send(`/api/admin/widget-sites/${site.id}`, "DELETE");
            setSites((current) => current.filter((s) => s.id !== site.id));
          })
        }
      />
    </div>
  );
}

function SiteForm({ t, site, submitLabel, onSubmit }: { t: Translate; site?: WidgetSiteView; submitLabel: string; onSubmit: (values: ReturnType<typeof formValues>) => Promise<boolean> }) {
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    setPending(true);
    setSaved(false);
    const ok = await onSubmit(formValues(new FormData(formElement)));
    setPending(false);
    if (ok && site) setSaved(true);
    if (ok && !site) formElement.reset();
  }
  return (
    <form onSubmit={submit} aria-label={site ? site.name : submitLabel} className={site ? "space-y-2" : "space-y-2 rounded-xl border border-dashed border-slate-300 p-4"}>
      <div className="grid gap-2 sm:grid-cols-2">
        <label className="space-y-1 text-sm">
          <span className="text-slate-700">{t("widget.name")}</span>
          <input name="name" required maxLength={200} defaultValue={site?.name} className={inputClass} />
        </label>
        <label className="space-y-1 text-sm">
          <span className="text-slate-700">{t("widget.rateLimit")}</span>
          <input name="rateLimitPerMinute" type="number" min={1} max={10000} defaultValue={site?.rateLimitPerMinute ?? 20} className={inputClass} />
        </label>
      </div>
      <label className="block space-y-1 text-sm">
        <span className="text-slate-700">{t("widget.origins")}</span>
        <textarea name="allowedOrigins" rows={2} defaultValue={site?.allowedOrigins.join("\n")} placeholder="https://lms.university.ru" className={inputClass} />
        <span className="text-xs text-slate-500">{t("widget.originsHint")}</span>
      </label>
      <div className="flex flex-wrap gap-4 text-sm">
        <label className="flex items-center gap-2">
          <input name="enabled" type="checkbox" defaultChecked={site?.enabled ?? true} />
          {t("widget.enabled")}
        </label>
        <label className="flex items-center gap-2">
          <input name="requireIdentity" type="checkbox" defaultChecked={site?.requireIdentity ?? false} />
          {t("widget.requireIdentity")}
        </label>
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {submitLabel}
        </button>
        {saved ? <span role="status" className="text-sm text-emerald-700">{t("widget.saved")}</span> : null}
      </div>
    </form>
  );
}

function Snippet({ t, code }: { t: Translate; code: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-1 text-sm">
      <p className="text-slate-700">{t("widget.snippet")}</p>
      <div className="flex items-start gap-2">
        <code className="block flex-1 break-all rounded bg-slate-100 px-2 py-1 text-xs">{code}</code>
        <button
          type="button"
          onClick={() => void navigator.clipboard.writeText(code).then(() => setCopied(true))}
          className="rounded-lg border border-slate-300 px-2.5 py-1 text-xs hover:bg-slate-50"
        >
          {copied ? t("widget.copied") : t("widget.copy")}
        </button>
      </div>
    </div>
  );
}
