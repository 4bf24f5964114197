import type { ComponentProps } from "react";
import { cn } from "./cn";

/** What a button does, by how it looks: the page's main action, a secondary one, a destructive one... */
const variants = {
  primary: "bg-brand-600 font-medium text-white hover:bg-brand-700",
  outline: "border border-slate-300 hover:bg-slate-50",
  destructive: "bg-rose-600 font-medium text-white hover:bg-rose-700",
  "destructive-outline": "border border-rose-200 text-rose-700 hover:bg-rose-50",
  /** Small actions beside content (copy, rate, rename); pressed ones stay marked. */
  ghost: "text-slate-600 hover:bg-slate-100 hover:text-slate-900 aria-pressed:bg-brand-50 aria-pressed:text-brand-700",
  /** A tab of a tab list: outlined, filled while selected. */
  tab: "border border-slate-300 hover:bg-slate-50 aria-selected:border-brand-600 aria-selected:bg-brand-600 aria-selected:text-white",
  /** One option of a segmented control (a role="group" with a border of its own), filled while pressed. */
  segment: "text-slate-600 transition hover:text-slate-900 aria-pressed:bg-brand-600 aria-pressed:text-white",
} as const;

const sizes = {
  icon: "rounded px-1.5 py-0.5 text-xs",
  xs: "rounded-lg px-2.5 py-1 text-xs",
  sm: "rounded-lg px-3 py-1.5 text-sm",
  md: "rounded-lg px-4 py-2 text-sm",
  /** In the text's own size: a page's one call to action, the chat's send. */
  lg: "rounded-xl px-4 py-2",
  /** Narrow on a phone, where the header has little room. */
  compact: "rounded-md px-2 py-1 sm:px-3",
} as const;

export type ButtonVariant = keyof typeof variants;
export type ButtonSize = keyof typeof sizes;

/** A button's classes, for an element that must look like one (a link to the next step). */
export function buttonVariants({ variant = "primary", size = "sm", className }: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}): string {
  return cn("focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-60", variants[variant], sizes[size], className);
}

/** A button; `type` is "button" unless given, so that no button submits a form by accident. */
export function Button({ variant, size, className, type = "button", ...props }: ComponentProps<"button"> & { variant?: ButtonVariant; size?: ButtonSize }) {
  return <button type={type} className={buttonVariants({ variant, size, className })} {...props} />;
}
