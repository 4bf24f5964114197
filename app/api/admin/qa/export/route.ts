import { exportQaCsv, qaCsvQuery } from "@/lib/admin/qa-csv";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

/** The entries of a course (or the global ones) as CSV, ready to edit in a spreadsheet and import back. */
export const GET = staffRoute({ query: qaCsvQuery }, async ({ container, staff, query: { courseId } }) =>
  new Response(await exportQaCsv(container.db, staff, courseId), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="faq-${courseId}.csv"`,
      "cache-control": "no-store",
    },
  }),
);
