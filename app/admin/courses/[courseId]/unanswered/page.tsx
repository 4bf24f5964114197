import type { Metadata } from "next";
import Link from "next/link";
import { InboxPanel } from "@/components/admin/unanswered/inbox-panel";
import { unansweredInbox } from "@/lib/admin/unanswered/inbox";
import { requireStaffPage } from "@/lib/auth/page-guard";
import { getI18n } from "@/lib/i18n/server";
import { getRagServices } from "@/lib/rag/services";
import { courseOr404 } from "../course-or-404";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ courseId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t("inbox.title") };
}

export default async function UnansweredPage({ params }: Props) {
  const course = await courseOr404((await params).courseId);
  const staff = await requireStaffPage();
  const { locale, t } = await getI18n();
  const inbox = await unansweredInbox(await getRagServices(), staff, course.id);
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/admin/courses/${course.id}`} className="text-sm text-brand-700 hover:underline">
          ← {course.title}
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">{t("inbox.title")}</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">{t("inbox.intro")}</p>
      </div>
      <InboxPanel courseId={course.id} locale={locale} initial={inbox} />
    </div>
  );
}
