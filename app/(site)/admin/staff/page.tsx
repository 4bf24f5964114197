import { AdminPageHeader } from "@/components/admin/admin-page-header";
import { StaffPanel } from "@/components/admin/staff/staff-panel";
import { listCourses } from "@/lib/admin/courses";
import { listStaffMembers } from "@/lib/admin/staff";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { requireAdminPage } from "@/lib/auth/page-guard";
import { getI18n, titleFrom } from "@/lib/i18n/server";
import { getContainer } from "@/lib/server/container";

export const dynamic = "force-dynamic";

export const generateMetadata = titleFrom("staff.title");

/** Who may sign in to the console, and the way to shut someone out at once: admins only. */
export default async function StaffPage() {
  const admin = await requireAdminPage();
  const { t } = await getI18n();
  const { db } = getContainer();
  const [members, courses] = await Promise.all([listStaffMembers(db, admin), listCourses(db, admin)]);
  return (
    <div className="space-y-6">
      <AdminPageHeader backHref="/admin" backLabel={t("admin.backToCourses")} title={t("staff.title")}>
        <p className="mt-1 text-sm text-slate-600">{t("staff.intro")}</p>
      </AdminPageHeader>
      <StaffPanel
        selfId={admin.userId}
        initial={members}
        courses={courses.map(({ slug, title }) => ({ slug, title }))}
        minPasswordLength={MIN_PASSWORD_LENGTH}
      />
    </div>
  );
}
