import "katex/dist/katex.min.css";
import type { Metadata } from "next";
import { EmbeddedChat } from "@/components/chat/embedded-chat";
import { isOpenToStudents } from "@/lib/courses/visibility";
import { I18nProvider } from "@/lib/i18n/client";
import { isLocale } from "@/lib/i18n/locales";
import { getI18n } from "@/lib/i18n/server";
import { createTranslator } from "@/lib/i18n/translator";
import { getContainer } from "@/lib/server/container";
import { findEmbedSite } from "@/lib/widget/embed-site";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ siteKey: string }>; searchParams: Promise<{ lang?: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t("app.name"), robots: { index: false } };
}

/** The chat as the widget frames it (see public/widget.js); proxy.ts limits who may frame it. */
export default async function EmbedPage({ params, searchParams }: Props) {
  const { siteKey } = await params;
  const lang = (await searchParams).lang;
  const locale = isLocale(lang) ? lang : (await getI18n()).locale;
  const t = createTranslator(locale);
  const { db, config } = getContainer();
  const site = await findEmbedSite(db, siteKey);
  if (!site || !site.enabled || !isOpenToStudents(site.course)) {
    return (
      <p role="alert" className="p-4 text-sm text-rose-800">
        {t(site ? "embed.disabled" : "embed.unknown")}
      </p>
    );
  }
  return (
    <I18nProvider locale={locale}>
      <EmbeddedChat courseSlug={site.course.slug} maxChars={config.CHAT_MAX_MESSAGE_CHARS} />
    </I18nProvider>
  );
}
