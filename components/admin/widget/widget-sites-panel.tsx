"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { FormNotice } from "@/components/ui/form-notice";
import { Checkbox, Input, Textarea } from "@/components/ui/input";
import type { WidgetSiteView } from "@/lib/admin/widget-sites";
import { onFormData, useAction } from "@/lib/client/use-action";
import { requestJson } from "@/lib/http/client";
import { useT } from "@/lib/i18n/client";

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

export function WidgetSitesPanel({ courseId, courseSlug, appUrl, initial }: { courseId: string; courseSlug: string; appUrl: string; initial: WidgetSiteView[] }) {
  const t = useT();
  const [sites, setSites] = useState(initial);
  const [deleting, setDeleting] = useState<WidgetSiteView>();
  const { run, error } = useAction((reason) => t("widget.failed", { reason }));
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
            <SiteForm site={site} submitLabel={t("widget.save")} onSubmit={(values) => run(async () => replace(await send(`/api/admin/widget-sites/${site.id}`, "PATCH", values)))} />
            <Snippet code={`<script src="${appUrl}/widget.js" data-site-key="${site.key}" data-course="${courseSlug}" async></script>`} />
            <details className="text-sm">
              <summary className="cursor-pointer text-slate-700">{t("widget.showSecret")}</summary>
              <p className="mt-1 text-xs text-slate-500">{t("widget.secret")}</p>
              <code className="block break-all rounded bg-slate-100 px-2 py-1 text-xs">{site.secret}</code>
              <Button variant="outline" size="xs" onClick={() => run(async () => replace(await send(`/api/admin/widget-sites/${site.id}/rotate-secret`, "POST")))} className="mt-2">
                {t("widget.rotate")}
              </Button>
            </details>
            <Button variant="destructive-outline" size="xs" onClick={() => setDeleting(site)}>
              {t("widget.delete")}
            </Button>
          </li>
        ))}
      </ul>
      <SiteForm
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

function SiteForm({ site, submitLabel, onSubmit }: { site?: WidgetSiteView; submitLabel: string; onSubmit: (values: ReturnType<typeof formValues>) => Promise<boolean> }) {
  const t = useT();
  const saving = useAction();
  const submit = onFormData(
    (data, form) =>
      void saving.run(async () => {
        if (!(await onSubmit(formValues(data)))) return;
        if (site) return t("widget.saved");
        form.reset();
      }),
  );
  return (
    <form onSubmit={submit} aria-label={site ? site.name : submitLabel} className={site ? "space-y-2" : "space-y-2 rounded-xl border border-dashed border-slate-300 p-4"}>
      <div className="grid gap-2 sm:grid-cols-2">
        <Field label={t("widget.name")}>
          <Input name="name" required maxLength={200} defaultValue={site?.name} />
        </Field>
        <Field label={t("widget.rateLimit")}>
          <Input name="rateLimitPerMinute" type="number" min={1} max={10000} defaultValue={site?.rateLimitPerMinute ?? 20} />
        </Field>
      </div>
      <Field label={t("widget.origins")} hint={t("widget.originsHint")}>
        <Textarea name="allowedOrigins" rows={2} defaultValue={site?.allowedOrigins.join("\n")} placeholder="https://lms.university.ru" />
      </Field>
      <div className="flex flex-wrap gap-4 text-sm">
        <Checkbox name="enabled" defaultChecked={site?.enabled ?? true} label={t("widget.enabled")} />
        <Checkbox name="requireIdentity" defaultChecked={site?.requireIdentity ?? false} label={t("widget.requireIdentity")} />
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={saving.pending}>
          {submitLabel}
        </Button>
        <FormNotice message={saving.notice} />
      </div>
    </form>
  );
}

function Snippet({ code }: { code: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-1 text-sm">
      <p className="text-slate-700">{t("widget.snippet")}</p>
      <div className="flex items-start gap-2">
        <code className="block flex-1 break-all rounded bg-slate-100 px-2 py-1 text-xs">{code}</code>
        <Button variant="outline" size="xs" onClick={() => void navigator.clipboard.writeText(code).then(() => setCopied(true))}>
          {copied ? t("widget.copied") : t("widget.copy")}
        </Button>
      </div>
    </div>
  );
}
