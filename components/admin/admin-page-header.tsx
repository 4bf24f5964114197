import Link from "next/link";
import type { ReactNode } from "react";

/** The top of an admin page: the way back to the console's home, the title, and what goes under it. */
export function AdminPageHeader({ title, backLabel, children }: { title: string; backLabel: string; children?: ReactNode }) {
  return (
    <div>
      <Link href="/admin" className="text-sm text-brand-700 hover:underline">
        ← {backLabel}
      </Link>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">{title}</h1>
      {children}
    </div>
  );
}
