import "katex/dist/katex.min.css";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChatApp } from "@/components/chat/chat-app";
import { getActiveCourse } from "@/lib/courses/queries";
import { getI18n } from "@/lib/i18n/server";
import { getContainer } from "@/lib/server/container";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ chat?: string | string[] }> };

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await getI18n();
  const course = await getActiveCourse(getContainer().db, (await params).slug);
  return course ? { title: t("chat.title", { course: course.title }) } : {};
}

export default async function ChatPage({ params, searchParams }: Props) {
  const { t } = await getI18n();
  const course = await getActiveCourse(getContainer().db, (await params).slug);
  if (!course) notFound();
  const chat = (await searchParams).chat;

  return (
    <div className="space-y-3">
      <nav className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold tracking-tight">{course.title}</h1>
        <Link href={`/courses/${course.slug}`} className="text-sm text-brand-700 hover:underline">
          {t("course.materialsTitle")}
        </Link>
      </nav>
      <ChatApp courseSlug={course.slug} maxChars={getContainer().config.CHAT_MAX_MESSAGE_CHARS} initialChatId={typeof chat === "string" ? chat : null} />
    </div>
  );
}
