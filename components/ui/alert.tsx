import type { ReactNode } from "react";
import { cn } from "./cn";

const tones = {
  warning: "border-amber-300 bg-amber-50 text-amber-900",
  error: "border-red-200 bg-red-50 text-red-900",
} as const;

/** A notice read out at once by screen readers: something is off (warning) or failed (error). */
export function Alert({ tone = "warning", className, children }: { tone?: keyof typeof tones; className?: string; children: ReactNode }) {
  return (
    <div role="alert" className={cn("rounded-xl border px-4 py-3 text-sm", tones[tone], className)}>
      {children}
    </div>
  );
}
