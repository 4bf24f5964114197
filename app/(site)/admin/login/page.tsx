import { LoginForm } from "@/components/admin/login-form";
import { getI18n, titleFrom } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleFrom("login.title");

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[]; error?: string }> }) {
  const { t } = await getI18n();
  const { callbackUrl, error } = await searchParams;
  const initialError = error === "forbidden" ? t("login.forbidden") : error ? t("login.invalid") : undefined;
  return (
    <div className="mx-auto max-w-sm space-y-6 py-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("login.title")}</h1>
        <p className="mt-2 text-sm text-slate-600">{t("login.intro")}</p>
      </div>
      <LoginForm callbackUrl={callbackUrl} initialError={initialError} />
    </div>
  );
}
