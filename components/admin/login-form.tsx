"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { inputClass } from "@/components/ui/styles";
import { rateLimitedMinutes } from "@/lib/auth/login-errors";
import { safeCallback } from "@/lib/auth/safe-callback";
import type { Locale } from "@/lib/i18n/locales";
import { createTranslator } from "@/lib/i18n/translator";

export function LoginForm({ locale, callbackUrl, initialError }: { locale: Locale; callbackUrl?: string | string[]; initialError?: string }) {
  const t = createTranslator(locale);
  const router = useRouter();
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    try {
      const result = await signIn("credentials", {
        redirect: false,
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      });
      if (result?.ok && !result.error) {
        // Checked here, where it is followed, so the sign-in page cannot send anyone to another site.
        router.replace(safeCallback(callbackUrl));
        router.refresh();
        return;
      }
      const minutes = rateLimitedMinutes(result?.error);
      setError(minutes === null ? t("login.invalid") : t("login.rateLimited", { minutes }));
    } catch {
      setError(t("login.failed"));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      {error ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {(
        [
          { name: "email", type: "email", autoComplete: "username", label: t("login.email") },
          { name: "password", type: "password", autoComplete: "current-password", label: t("login.password") },
        ] as const
      ).map((input, index) => (
        <label key={input.name} className="block space-y-1">
          <span className="text-sm font-medium text-slate-700">{input.label}</span>
          <input name={input.name} type={input.type} autoComplete={input.autoComplete} required autoFocus={index === 0} className={inputClass} />
        </label>
      ))}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-60"
      >
        {pending ? t("login.submitting") : t("login.submit")}
      </button>
    </form>
  );
}
