"use client";

import { useT } from "@/lib/i18n/client";
import { Button } from "./button";
import { Dialog, DialogDescription, DialogFooter, DialogTitle } from "./dialog";

/**
 * A confirmation for an action on one thing: open while `target` is set; confirming or cancelling
 * closes it through `onClose`.
 */
export function ConfirmDialog<T>({
  target,
  title,
  body,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  target: T | undefined;
  title: (target: T) => string;
  body: string;
  confirmLabel: string;
  onConfirm: (target: T) => void;
  onClose: () => void;
}) {
  const t = useT();
  const confirm = () => {
    onClose();
    if (target !== undefined) onConfirm(target);
  };

  return (
    <Dialog open={target !== undefined} onClose={onClose}>
      <DialogTitle>{target === undefined ? "" : title(target)}</DialogTitle>
      <DialogDescription>{body}</DialogDescription>
      <DialogFooter>
        <Button variant="outline" onClick={onClose}>
          {t("dialog.cancel")}
        </Button>
        <Button variant="destructive" onClick={confirm}>
          {confirmLabel}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
