import Link from "next/link";
import { getI18n } from "@/lib/i18n/server";
import { LocaleSwitcher } from "./locale-switcher";

export async function SiteHeader() {
  const { t } = await getI18n();
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex w-full max-w-5xl items-center justify-between gap-2 px-4 py-3 sm:px-6">
        <Link href="/" className="flex min-w-0 items-center gap-2 font-semibold text-slate-900 hover:text-brand-700">
          <span aria-hidden className="grid size-8 place-items-center rounded-lg bg-brand-600 text-white">
            ?
          </span>
          {t("app.name")}
        </Link>
        <LocaleSwitcher />
      </div>
    </header>
  );
}
