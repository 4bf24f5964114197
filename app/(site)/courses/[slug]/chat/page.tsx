import "katex/dist/katex.min.css";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChatApp } from "@/components/chat/chat-app";
import { getConfig } from "@/lib/config/load";
import { getActiveCourse } from "@/lib/courses/queries";
import { getDb } from "@/lib/db/client";
import { getI18n } from "@/lib/i18n/server";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ chat?: string | string[] }> };

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await getI18n();
  const course = await getActiveCourse(getDb(), (await params).slug);
  return course ? { title: t("chat.title", { course: course.title }) } : {};
}

export default async function ChatPage({ params, searchParams }: Props) {
  const { locale, t } = await getI18n();
  const course = await getActiveCourse(getDb(), (await params).slug);
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
      <ChatApp locale={locale} courseSlug={course.slug} maxChars={getConfig().CHAT_MAX_MESSAGE_CHARS} initialChatId={typeof chat === "string" ? chat : null} />
    </div>
  );
}
