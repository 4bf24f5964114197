"use client";

import { createContext, useContext, useId, type ReactNode } from "react";
import { cn } from "./cn";

type FieldControl = { id: string; describedBy?: string; invalid: boolean };

const FieldContext = createContext<FieldControl | null>(null);

/**
 * A labelled form control with, below it, a hint and an error: the label names the control and
 * the hint and error describe it (aria-describedby), whichever control (Input, Select, Textarea)
 * is put inside; a control in a Field fills its width.
 */
export function Field({
  label,
  hint,
  error,
  hideLabel = false,
  className,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  /** For screen readers only, where the layout says what the control is for (the chat's question box). */
  hideLabel?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const controlId = useId();
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const control: FieldControl = { id: controlId, describedBy: joinIds(hintId, errorId), invalid: Boolean(error) };
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={controlId} className={cn("block text-sm text-slate-700", hideLabel && "sr-only")}>
        {label}
      </label>
      <FieldContext value={control}>{children}</FieldContext>
      {hint ? (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm text-rose-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function joinIds(...ids: (string | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(" ") || undefined;
}

type ControlProps = { id?: string; className?: string; "aria-describedby"?: string; "aria-invalid"?: boolean | "true" | "false" | "grammar" | "spelling" };

/** A control's props with those of the Field around it, if any: its id, description, validity and width. */
export function useFieldControl<P extends ControlProps>(props: P): P {
  const field = useContext(FieldContext);
  if (!field) return props;
  return {
    id: field.id,
    ...props,
    "aria-describedby": joinIds(field.describedBy, props["aria-describedby"]),
    "aria-invalid": field.invalid || props["aria-invalid"] || undefined,
    className: cn("w-full", props.className),
  };
}
