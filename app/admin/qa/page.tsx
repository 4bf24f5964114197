import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
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
      <div>
        <Link href="/admin" className="text-sm text-brand-700 hover:underline">
          ← {t("admin.backToCourses")}
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">{t("qa.globalTitle")}</h1>
      </div>
      <QaPanel courseId={null} locale={locale} initial={entries} />
    </div>
  );
}
