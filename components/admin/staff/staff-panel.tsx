"use client";

import { Fragment, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-error";
import { FormNotice } from "@/components/ui/form-notice";
import type { StaffMemberView } from "@/lib/admin/staff";
import { useAction } from "@/lib/client/use-action";
import { ApiFailure, requestJson } from "@/lib/http/client";
import { useI18n, useT } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/messages/ru";
import type { Translate } from "@/lib/i18n/translator";
import { StaffForm, type CourseOption } from "./staff-form";

type Action = "disable" | "enable" | "endSessions";
type Pending = { action: Action; member: StaffMemberView };

/** Refusals the operator can act on, in their language; anything else shows the server's message. */
const EXPLAINED: Record<string, MessageKey> = {
  last_admin: "staff.error.last_admin",
  self_change: "staff.error.self_change",
  email_taken: "staff.error.email_taken",
};

async function send(url: string, method: string, body?: unknown): Promise<StaffMemberView> {
  const answer = await requestJson<{ member?: StaffMemberView }>(url, method, body);
  if (!answer?.member) throw new ApiFailure("", "The server did not send the staff member back.");
  return answer.member;
}

const DIALOG: Record<Action, { title: MessageKey; body: MessageKey; confirm: MessageKey; done: MessageKey }> = {
  disable: { title: "staff.disableTitle", body: "staff.disableBody", confirm: "staff.disable", done: "staff.disabledDone" },
  enable: { title: "staff.enableTitle", body: "staff.enableBody", confirm: "staff.enable", done: "staff.enabledDone" },
  endSessions: { title: "staff.endSessionsTitle", body: "staff.endSessionsBody", confirm: "staff.endSessions", done: "staff.sessionsEnded" },
};

/** The console's staff: who may sign in, to which courses, and the controls to shut someone out. */
export function StaffPanel({
  selfId,
  initial,
  courses,
  minPasswordLength,
}: {
  selfId: string;
  initial: StaffMemberView[];
  courses: CourseOption[];
  minPasswordLength: number;
}) {
  const t = useT();
  const [members, setMembers] = useState(initial);
  const [busyId, setBusyId] = useState<string>();
  const [pending, setPending] = useState<Pending>();
  const [editingId, setEditingId] = useState<string>();
  const action = useAction((reason, failure) => {
    const explained = failure instanceof ApiFailure ? EXPLAINED[failure.code] : undefined;
    return t("staff.failed", { reason: explained ? t(explained) : reason });
  });

  const run = async (memberId: string | undefined, work: () => Promise<string>) => {
    setBusyId(memberId);
    try {
      return await action.run(work);
    } finally {
      setBusyId(undefined);
    }
  };
  const replace = (member: StaffMemberView) => setMembers((current) => current.map((m) => (m.id === member.id ? member : m)));

  const act = ({ action, member }: Pending) =>
    void run(member.id, async () => {
      const url = `/api/admin/staff/${member.id}`;
      replace(action === "endSessions" ? await send(`${url}/sessions/revoke`, "POST") : await send(url, "PATCH", { disabled: action === "disable" }));
      return t(DIALOG[action].done, { email: member.email });
    });

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <FormError message={action.error} />
        <FormNotice message={action.notice} />
      </div>
      {members.every((m) => m.id === selfId) ? <EmptyState title={t("staff.onlyYou")}>{t("staff.onlyYouHint")}</EmptyState> : null}
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t("staff.title")}</caption>
          <thead className="bg-slate-50 text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2">{t("staff.person")}</th>
              <th scope="col" className="hidden px-3 py-2 sm:table-cell">{t("staff.role")}</th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">{t("staff.courses")}</th>
              <th scope="col" className="px-3 py-2">{t("staff.status")}</th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">{t("staff.sessions")}</th>
              <th scope="col" className="px-3 py-2">{t("staff.actions")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.map((member) => {
              const self = member.id === selfId;
              const busy = busyId === member.id;
              return (
                <Fragment key={member.id}>
                  <tr data-member={member.email} aria-busy={busy} className="align-top">
                    <td className="px-3 py-2">
                      <div className="font-medium break-all text-slate-900">{member.email}</div>
                      {member.name ? <div className="text-slate-600">{member.name}</div> : null}
                      {self ? <div className="text-xs text-slate-500">{t("staff.you")}</div> : null}
                      {/* On a phone the hidden columns' facts sit under the name. */}
                      <div className="mt-1 space-y-0.5 text-xs text-slate-500 md:hidden">
                        <div className="sm:hidden">{t(member.role === "ADMIN" ? "admin.role.ADMIN" : "admin.role.STAFF")}</div>
                        <div>{coursesText(t, member)}</div>
                        <Activity member={member} />
                      </div>
                    </td>
                    <td className="hidden px-3 py-2 whitespace-nowrap sm:table-cell">{t(member.role === "ADMIN" ? "admin.role.ADMIN" : "admin.role.STAFF")}</td>
                    <td className="hidden px-3 py-2 md:table-cell">{coursesText(t, member)}</td>
                    <td className="px-3 py-2">
                      <span
                        className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${member.disabled ? "bg-rose-100 text-rose-800" : "bg-emerald-100 text-emerald-800"}`}
                      >
                        {t(member.disabled ? "staff.status.disabled" : "staff.status.active")}
                      </span>
                    </td>
                    <td className="hidden px-3 py-2 text-xs text-slate-600 md:table-cell">
                      <Activity member={member} />
                    </td>
                    <td className="px-3 py-2">
                      <div role="group" aria-label={t("staff.actionsFor", { email: member.email })} className="flex flex-wrap gap-2">
                        <Button
                          variant="outline"
                          size="xs"
                          aria-expanded={editingId === member.id}
                          aria-controls={`edit-${member.id}`}
                          disabled={busy}
                          onClick={() => setEditingId((current) => (current === member.id ? undefined : member.id))}
                        >
                          {editingId === member.id ? t("staff.closeEdit") : t("staff.edit")}
                        </Button>
                        {self ? null : member.disabled ? (
                          <Button variant="outline" size="xs" disabled={busy} onClick={() => setPending({ action: "enable", member })}>
                            {t("staff.enable")}
                          </Button>
                        ) : (
                          <Button variant="destructive-outline" size="xs" disabled={busy} onClick={() => setPending({ action: "disable", member })}>
                            {t("staff.disable")}
                          </Button>
                        )}
                        {member.activeSessions > 0 && !self ? (
                          <Button variant="outline" size="xs" disabled={busy} onClick={() => setPending({ action: "endSessions", member })}>
                            {t("staff.endSessions")}
                          </Button>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                  {editingId === member.id ? (
                    <tr id={`edit-${member.id}`}>
                      <td colSpan={6} className="bg-slate-50 px-3 py-3">
                        <StaffForm
                          member={member}
                          self={self}
                          courses={courses}
                          minPasswordLength={minPasswordLength}
                          onSubmit={(values) =>
                            run(member.id, async () => {
                              replace(await send(`/api/admin/staff/${member.id}`, "PATCH", values));
                              setEditingId(undefined);
                              return t("staff.saved", { email: member.email });
                            })
                          }
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      <StaffForm
        courses={courses}
        minPasswordLength={minPasswordLength}
        onSubmit={(values) =>
          run(undefined, async () => {
            const member = await send("/api/admin/staff", "POST", values);
            setMembers((current) => [...current, member].sort((a, b) => a.email.localeCompare(b.email)));
            return t("staff.added", { email: member.email });
          })
        }
      />
      <ConfirmDialog
        target={pending}
        title={({ action, member }) => t(DIALOG[action].title, { email: member.email })}
        body={pending ? t(DIALOG[pending.action].body) : ""}
        confirmLabel={pending ? t(DIALOG[pending.action].confirm) : ""}
        onClose={() => setPending(undefined)}
        onConfirm={act}
      />
    </div>
  );
}

function coursesText(t: Translate, member: StaffMemberView): string {
  if (member.role === "ADMIN") return t("staff.allCourses");
  return member.courses.length > 0 ? member.courses.map((c) => c.title).join(", ") : t("staff.noCourses");
}

function Activity({ member }: { member: StaffMemberView }) {
  const { locale, t } = useI18n();
  return (
    <>
      <div>{t("staff.activeSessions", { count: member.activeSessions })}</div>
      {member.lastSignInAt ? (
        <time dateTime={member.lastSignInAt} suppressHydrationWarning className="block">
          {t("staff.lastSignIn", { date: new Date(member.lastSignInAt).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" }) })}
        </time>
      ) : (
        <div>{t("staff.neverSignedIn")}</div>
      )}
    </>
  );
}
