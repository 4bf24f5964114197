import type { ReactNode } from "react";
import { cn } from "./cn";

export function EmptyState({ title, className, children }: { title: string; className?: string; children?: ReactNode }) {
  return (
    <div className={cn("rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center", className)}>
      <p className="font-medium text-slate-700">{title}</p>
      {children ? <p className="mt-1 text-sm text-slate-500">{children}</p> : null}
    </div>
  );
}
