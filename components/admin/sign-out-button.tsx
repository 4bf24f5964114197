"use client";

import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { useT } from "@/lib/i18n/client";

export function SignOutButton() {
  const t = useT();
  return (
    <Button variant="outline" onClick={() => signOut({ callbackUrl: "/admin/login" })}>
      {t("admin.signOut")}
    </Button>
  );
}
