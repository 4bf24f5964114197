import { AdminPageHeader } from "@/components/admin/admin-page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { latestAudit } from "@/lib/audit/list-audit";
import { requireAdminPage } from "@/lib/auth/page-guard";
import { getI18n, titleFrom } from "@/lib/i18n/server";
import { getContainer } from "@/lib/server/container";

export const dynamic = "force-dynamic";

export const generateMetadata = titleFrom("audit.title");

/** Who uploaded, deleted, edited what and when: admins only. */
export default async function AuditPage() {
  await requireAdminPage();
  const { locale, t } = await getI18n();
  const entries = await latestAudit(getContainer().db);
  return (
    <div className="space-y-6">
      <AdminPageHeader backHref="/admin" backLabel={t("admin.backToCourses")} title={t("audit.title")} />
      {entries.length === 0 ? (
        <EmptyState title={t("audit.empty")} />
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">{t("audit.when")}</th>
                <th className="px-3 py-2">{t("audit.who")}</th>
                <th className="px-3 py-2">{t("audit.what")}</th>
                <th className="px-3 py-2">{t("audit.details")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {entries.map((entry) => (
                <tr key={entry.id} className="align-top">
                  <td className="whitespace-nowrap px-3 py-2 text-slate-500">{new Date(entry.at).toLocaleString(locale)}</td>
                  <td className="px-3 py-2">{entry.actor ?? t("audit.system")}</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    {entry.action} · {entry.entityType}
                  </td>
                  <td className="max-w-md break-words px-3 py-2 font-mono text-xs text-slate-600">{entry.details}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
