"use client";

import { useEffect, useRef } from "react";

/**
 * A modal confirmation on the native <dialog> (focus is trapped, Escape cancels) for an action on
 * one thing: open while `target` is set; confirming or cancelling closes it through `onClose`.
 */
export function ConfirmDialog<T>({
  target,
  title,
  body,
  confirmLabel,
  cancelLabel,
  onConfirm,
  onClose,
}: {
  target: T | undefined;
  title: (target: T) => string;
  body: string;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: (target: T) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const open = target !== undefined;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const confirm = () => {
    onClose();
    if (target !== undefined) onConfirm(target);
  };

  return (
    <dialog
      ref={ref}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      aria-labelledby="confirm-title"
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="space-y-3 p-5">
        <h2 id="confirm-title" className="text-lg font-semibold">
          {target === undefined ? "" : title(target)}
        </h2>
        <p className="text-sm text-slate-600">{body}</p>
        <div className="flex justify-end gap-2 pt-2">
          <button type="button" onClick={onClose} className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">
            {cancelLabel}
          </button>
          <button type="button" onClick={confirm} className="rounded-lg bg-rose-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-700">
            {confirmLabel}
          </button>
        </div>
      </div>
    </dialog>
  );
}
