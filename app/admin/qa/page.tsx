import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AdminPageHeader } from "@/components/admin/admin-page-header";
import { QaPanel } from "@/components/admin/qa/qa-panel";
import { listQaEntries } from "@/lib/admin/qa-entries";
import { requireStaffPage } from "@/lib/auth/page-guard";
import { getDb } from "@/lib/db/client";
import { getI18n } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t("qa.globalTitle") };
}

/** Entries that apply to every course: admins only. */
export default async function GlobalQaPage() {
  const staff = await requireStaffPage();
  if (staff.role !== "ADMIN") notFound();
  const { locale, t } = await getI18n();
  const entries = await listQaEntries(getDb(), staff, { courseId: "global" });
  return (
    <div className="space-y-6">
      <AdminPageHeader title={t("qa.globalTitle")} backLabel={t("admin.backToCourses")} />
      <QaPanel courseId={null} locale={locale} initial={entries} />
    </div>
  );
}
