import Link from "next/link";
import type { ReactNode } from "react";

/** The top of an admin page: the way back, the title, and what the page is for. */
export function AdminPageHeader({ backHref, backLabel, title, children }: { backHref: string; backLabel: string; title: string; children?: ReactNode }) {
  return (
    <div>
      <Link href={backHref} className="text-sm text-brand-700 hover:underline">
        ← {backLabel}
      </Link>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">{title}</h1>
      {children}
    </div>
  );
}
