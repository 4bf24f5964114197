import Link from "next/link";
import { SiteChrome } from "@/components/layout/site-chrome";
import { getI18n } from "@/lib/i18n/server";

export default async function NotFound() {
  const { t } = await getI18n();
  // The root boundary renders outside the (site) layout, so it brings the site around it itself.
  return (
    <SiteChrome>
      <div className="space-y-3 py-12 text-center">
        <h1 className="text-2xl font-semibold">{t("notFound.title")}</h1>
        <p className="text-slate-600">{t("notFound.body")}</p>
        <Link href="/" className="inline-block text-brand-700 hover:underline">
          {t("course.back")}
        </Link>
      </div>
    </SiteChrome>
  );
}
