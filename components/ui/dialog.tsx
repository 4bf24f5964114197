"use client";

import { createContext, useContext, useEffect, useId, useRef, type ComponentProps } from "react";
import { cn } from "./cn";

const TitleId = createContext<string | undefined>(undefined);

/**
 * A modal on the native <dialog>, named by its DialogTitle: the browser traps the focus and keeps
 * the page behind it out of reach; open while `open`, and Escape asks `onClose` to close it.
 */
export function Dialog({ open, onClose, className, children, ...props }: Omit<ComponentProps<"dialog">, "open"> & { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      aria-labelledby={titleId}
      className={cn("m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl p-0 shadow-xl backdrop:bg-slate-900/40", className)}
      {...props}
    >
      <div className="space-y-3 p-5">
        <TitleId value={titleId}>{children}</TitleId>
      </div>
    </dialog>
  );
}

export function DialogTitle({ className, ...props }: ComponentProps<"h2">) {
  return <h2 id={useContext(TitleId)} className={cn("text-lg font-semibold", className)} {...props} />;
}

export function DialogDescription({ className, ...props }: ComponentProps<"p">) {
  return <p className={cn("text-sm text-slate-600", className)} {...props} />;
}

export function DialogFooter({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("flex justify-end gap-2 pt-2", className)} {...props} />;
}
