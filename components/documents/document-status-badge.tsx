import type { DocumentStatus } from "@/lib/generated/prisma/enums";

const styles: Record<DocumentStatus, string> = {
  QUEUED: "bg-slate-100 text-slate-700",
  PROCESSING: "bg-sky-100 text-sky-800",
  READY: "bg-emerald-100 text-emerald-800",
  FAILED: "bg-rose-100 text-rose-800",
};

export function DocumentStatusBadge({ status, label }: { status: DocumentStatus; label: string }) {
  return (
    <span data-status={status} className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${styles[status]}`}>
      {label}
    </span>
  );
}
