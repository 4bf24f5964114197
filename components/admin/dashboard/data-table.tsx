import type { ReactNode } from "react";

/** A table with a header row of column names; the caller renders the body's rows. */
export function DataTable({ head, className, children }: { head: string[]; className: string; children: ReactNode }) {
  return (
    <table className={className}>
      <thead>
        <tr>
          {head.map((cell) => (
            <th key={cell} scope="col" className="py-1 pr-3 font-medium text-slate-600">
              {cell}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="tabular-nums">{children}</tbody>
    </table>
  );
}
