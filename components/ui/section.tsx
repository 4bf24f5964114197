import type { ReactNode } from "react";

/** A part of a page under its own heading, which names it for screen readers' region lists. */
export function Section({ id, title, className = "space-y-3", children }: { id: string; title: string; className?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className={className}>
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
