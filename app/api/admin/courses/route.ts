import { z } from "zod";
import { createCourse, listCourses } from "@/lib/admin/courses";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

export const GET = staffRoute({}, async ({ container, staff }) => Response.json({ courses: await listCourses(container.db, staff) }));

// createCourse validates the body itself, after the admin check.
export const POST = staffRoute({ body: z.unknown() }, async ({ container, staff, body }) =>
  Response.json({ course: await createCourse(container.db, staff, body) }, { status: 201 }),
);
