import { getI18n } from "@/lib/i18n/server";

export default async function StaffLoading() {
  const { t } = await getI18n();
  return (
    <div role="status" aria-live="polite" className="space-y-3">
      <p className="text-sm text-slate-600">{t("staff.loading")}</p>
      <div aria-hidden className="h-40 animate-pulse rounded-xl bg-slate-100" />
    </div>
  );
}
