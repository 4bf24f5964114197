"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { useT } from "@/lib/i18n/client";

// Inside the (site) layout, so the site chrome's I18nProvider gives the reader's language.
export default function ErrorBoundary({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useT();
  useEffect(() => console.error(error), [error]);

  return (
    <div role="alert" className="space-y-3 py-12 text-center">
      <h1 className="text-2xl font-semibold">{t("error.title")}</h1>
      <p className="text-slate-600">{t("error.body")}</p>
      <Button size="lg" onClick={reset}>
        {t("error.retry")}
      </Button>
    </div>
  );
}
