"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { rateLimitedMinutes } from "@/lib/auth/login-errors";
import { safeCallback } from "@/lib/auth/safe-callback";
import { onFormData, useAction } from "@/lib/client/use-action";
import { useT } from "@/lib/i18n/client";

export function LoginForm({ callbackUrl, initialError }: { callbackUrl?: string | string[]; initialError?: string }) {
  const t = useT();
  const router = useRouter();
  const action = useAction(() => t("login.failed"), initialError);

  const submit = onFormData(
    (form) =>
      void action.run(async () => {
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
        action.fail(minutes === null ? t("login.invalid") : t("login.rateLimited", { minutes }));
      }),
  );

  return (
    <form onSubmit={submit} className="space-y-4">
      {action.error ? <Alert tone="error">{action.error}</Alert> : null}
      <Field label={t("login.email")}>
        <Input name="email" type="email" autoComplete="username" required autoFocus />
      </Field>
      <Field label={t("login.password")}>
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" size="lg" disabled={action.pending} className="w-full">
        {action.pending ? t("login.submitting") : t("login.submit")}
      </Button>
    </form>
  );
}
