import { AdminPageHeader } from "@/components/admin/admin-page-header";
import { QaPanel } from "@/components/admin/qa/qa-panel";
import { listQaEntries } from "@/lib/admin/qa-entries";
import { requireAdminPage } from "@/lib/auth/page-guard";
import { getI18n, titleFrom } from "@/lib/i18n/server";
import { getContainer } from "@/lib/server/container";

export const dynamic = "force-dynamic";

export const generateMetadata = titleFrom("qa.globalTitle");

/** Entries that apply to every course: admins only. */
export default async function GlobalQaPage() {
  const staff = await requireAdminPage();
  const { t } = await getI18n();
  const entries = await listQaEntries(getContainer().db, staff, { courseId: "global" });
  return (
    <div className="space-y-6">
      <AdminPageHeader backHref="/admin" backLabel={t("admin.backToCourses")} title={t("qa.globalTitle")} />
      <QaPanel courseId={null} initial={entries} />
    </div>
  );
}
