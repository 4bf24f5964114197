"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Checkbox, Input, Select } from "@/components/ui/input";
import type { StaffMemberView } from "@/lib/admin/staff";
import { onFormData, useAction } from "@/lib/client/use-action";
import { useT } from "@/lib/i18n/client";

export type CourseOption = { slug: string; title: string };
type Role = StaffMemberView["role"];

/** What the API takes: a new member's account, or the changes to an existing one. */
function formValues(form: FormData, member: StaffMemberView | undefined, role: Role) {
  const name = String(form.get("name") ?? "").trim();
  const courses = role === "STAFF" ? form.getAll("courses").map(String) : undefined;
  // A disabled control (one's own role) is not in the form data, so it is not sent.
  const chosenRole = form.get("role") === null ? undefined : role;
  if (member) return { name: name || null, role: chosenRole, courses };
  return { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? ""), name: name || undefined, role, courses };
}

/** Adds a staff member, or (given `member`) edits one's name, role and courses. */
export function StaffForm({
  member,
  self = false,
  courses,
  minPasswordLength,
  onSubmit,
}: {
  member?: StaffMemberView;
  self?: boolean;
  courses: CourseOption[];
  minPasswordLength: number;
  onSubmit: (values: ReturnType<typeof formValues>) => Promise<boolean>;
}) {
  const t = useT();
  const id = useId();
  const [role, setRole] = useState<Role>(member?.role ?? "STAFF");
  const saving = useAction();
  const submit = onFormData(
    (data, form) =>
      void saving.run(async () => {
        const ok = await onSubmit(formValues(data, member, role));
        if (ok && !member) {
          form.reset();
          setRole("STAFF");
        }
      }),
  );

  const assigned = new Set(member?.courses.map((c) => c.slug));
  return (
    <form
      onSubmit={submit}
      aria-labelledby={member ? undefined : `${id}-title`}
      aria-label={member ? t("staff.editTitle", { email: member.email }) : undefined}
      className={member ? "space-y-3" : "space-y-3 rounded-xl border border-slate-200 bg-white p-4"}
    >
      {member ? null : (
        <h2 id={`${id}-title`} className="font-semibold">
          {t("staff.add")}
        </h2>
      )}
      <div className="grid gap-3 sm:grid-cols-2">
        {member ? null : (
          <Field label={t("staff.email")}>
            <Input name="email" type="email" required maxLength={320} autoComplete="off" />
          </Field>
        )}
        <Field label={t("staff.name")}>
          <Input name="name" maxLength={200} defaultValue={member?.name ?? ""} autoComplete="off" />
        </Field>
        <Field label={t("staff.role")}>
          <Select name="role" value={role} disabled={self} onChange={(event) => setRole(event.target.value as Role)}>
            <option value="STAFF">{t("admin.role.STAFF")}</option>
            <option value="ADMIN">{t("admin.role.ADMIN")}</option>
          </Select>
        </Field>
        {member ? null : (
          <Field label={t("staff.password")} hint={t("staff.passwordHint", { min: minPasswordLength })}>
            <Input name="password" type="password" required minLength={minPasswordLength} maxLength={1024} autoComplete="new-password" />
          </Field>
        )}
      </div>
      {role === "STAFF" && courses.length > 0 ? (
        <fieldset className="space-y-1 text-sm" aria-describedby={`${id}-courses-hint`}>
          <legend className="text-slate-700">{t("staff.courses")}</legend>
          <p id={`${id}-courses-hint`} className="text-xs text-slate-500">
            {t("staff.coursesHint")}
          </p>
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {courses.map((course) => (
              <Checkbox key={course.slug} name="courses" value={course.slug} defaultChecked={assigned.has(course.slug)} label={course.title} />
            ))}
          </div>
        </fieldset>
      ) : null}
      <Button type="submit" size="md" disabled={saving.pending}>
        {member ? (saving.pending ? t("staff.saving") : t("staff.save")) : saving.pending ? t("staff.adding") : t("staff.add")}
      </Button>
    </form>
  );
}
