"use client";

import { useId, useState, type FormEvent } from "react";
import { inputClass } from "@/components/ui/styles";
import type { StaffMemberView } from "@/lib/admin/staff";
import type { Translate } from "@/lib/i18n/translator";

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
  t,
  member,
  self = false,
  courses,
  minPasswordLength,
  onSubmit,
}: {
  t: Translate;
  member?: StaffMemberView;
  self?: boolean;
  courses: CourseOption[];
  minPasswordLength: number;
  onSubmit: (values: ReturnType<typeof formValues>) => Promise<boolean>;
}) {
  const id = useId();
  const [role, setRole] = useState<Role>(member?.role ?? "STAFF");
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setSaving(true);
    const ok = await onSubmit(formValues(new FormData(form), member, role));
    setSaving(false);
    if (ok && !member) {
      form.reset();
      setRole("STAFF");
    }
  }

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
          <label className="space-y-1 text-sm">
            <span className="text-slate-700">{t("staff.email")}</span>
            <input name="email" type="email" required maxLength={320} autoComplete="off" className={inputClass} />
          </label>
        )}
        <label className="space-y-1 text-sm">
          <span className="text-slate-700">{t("staff.name")}</span>
          <input name="name" maxLength={200} defaultValue={member?.name ?? ""} autoComplete="off" className={inputClass} />
        </label>
        <label className="space-y-1 text-sm">
          <span className="text-slate-700">{t("staff.role")}</span>
          <select name="role" value={role} disabled={self} onChange={(event) => setRole(event.target.value as Role)} className={inputClass}>
            <option value="STAFF">{t("admin.role.STAFF")}</option>
            <option value="ADMIN">{t("admin.role.ADMIN")}</option>
          </select>
        </label>
        {member ? null : (
          <label className="space-y-1 text-sm">
            <span className="text-slate-700">{t("staff.password")}</span>
            <input
              name="password"
              type="password"
              required
              minLength={minPasswordLength}
              maxLength={1024}
              autoComplete="new-password"
              aria-describedby={`${id}-password-hint`}
              className={inputClass}
            />
            <span id={`${id}-password-hint`} className="block text-xs text-slate-500">
              {t("staff.passwordHint", { min: minPasswordLength })}
            </span>
          </label>
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
              <label key={course.slug} className="flex items-center gap-2">
                <input type="checkbox" name="courses" value={course.slug} defaultChecked={assigned.has(course.slug)} />
                {course.title}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <button
        type="submit"
        disabled={saving}
        className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-60"
      >
        {member ? (saving ? t("staff.saving") : t("staff.save")) : saving ? t("staff.adding") : t("staff.add")}
      </button>
    </form>
  );
}
