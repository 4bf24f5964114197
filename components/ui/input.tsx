"use client";

import { useId, type ComponentProps, type ReactNode } from "react";
import { cn } from "./cn";
import { useFieldControl } from "./field";

const sizes = {
  sm: "rounded-md px-2 py-1 text-sm",
  md: "rounded-lg px-3 py-2 text-sm",
  /** In the text's own size: phones zoom into a smaller text box when it gets the focus. */
  lg: "rounded-xl px-3 py-2",
} as const;

type ControlSize = keyof typeof sizes;

/** The look every text box and list shares, in one of the sizes. */
function controlClass(size: ControlSize, className: string | undefined): string {
  return cn("border border-slate-300 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30", sizes[size], className);
}

type Sized<T extends "input" | "select" | "textarea"> = Omit<ComponentProps<T>, "size"> & { size?: ControlSize };

export function Input({ size = "md", ...props }: Sized<"input">) {
  const control = useFieldControl(props);
  return <input {...control} className={controlClass(size, control.className)} />;
}

export function Select({ size = "md", ...props }: Sized<"select">) {
  const control = useFieldControl(props);
  return <select {...control} className={controlClass(size, control.className)} />;
}

export function Textarea({ size = "md", ...props }: Sized<"textarea">) {
  const control = useFieldControl(props);
  return <textarea {...control} className={controlClass(size, control.className)} />;
}

/** A checkbox with its label beside it and, if given, a hint under the label that describes it. */
export function Checkbox({ label, hint, className, ...props }: Omit<ComponentProps<"input">, "type"> & { label: ReactNode; hint?: ReactNode }) {
  const hintId = useId();
  if (!hint) {
    return (
      <label className={cn("flex items-center gap-2", className)}>
        <input type="checkbox" {...props} />
        {label}
      </label>
    );
  }
  return (
    <label className={cn("flex items-start gap-2", className)}>
      <input type="checkbox" aria-describedby={hintId} className="mt-1" {...props} />
      <span>
        <span className="text-slate-700">{label}</span>
        <span id={hintId} className="block text-xs text-slate-500">
          {hint}
        </span>
      </span>
    </label>
  );
}
