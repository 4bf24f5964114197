import { AdminPageHeader } from "@/components/admin/admin-page-header";
import { InboxPanel } from "@/components/admin/unanswered/inbox-panel";
import { unansweredInbox } from "@/lib/admin/unanswered/inbox";
import { requireStaffPage } from "@/lib/auth/page-guard";
import { getI18n, titleFrom } from "@/lib/i18n/server";
import { courseOr404 } from "../course-or-404";
import { getContainer } from "@/lib/server/container";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ courseId: string }> };

export const generateMetadata = titleFrom("inbox.title");

export default async function UnansweredPage({ params }: Props) {
  const course = await courseOr404((await params).courseId);
  const staff = await requireStaffPage();
  const { t } = await getI18n();
  const inbox = await unansweredInbox(await getContainer().rag(), staff, course.id);
  return (
    <div className="space-y-6">
      <AdminPageHeader backHref={`/admin/courses/${course.id}`} backLabel={course.title} title={t("inbox.title")}>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">{t("inbox.intro")}</p>
      </AdminPageHeader>
      <InboxPanel courseId={course.id} initial={inbox} />
    </div>
  );
}
