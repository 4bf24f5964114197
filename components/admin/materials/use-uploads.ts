"use client";

import { useCallback, useState } from "react";

export type UploadItem = {
  key: string;
  fileName: string;
  /** 0–100 while the bytes travel. */
  percent: number;
  state: "uploading" | "uploaded" | "duplicate" | "failed";
  /** Why the server refused the file: a code the console words in the reader's language, and its own words. */
  error?: { code?: string; message?: string };
};

type Outcome = { ok: boolean; code?: string; message?: string };

/** Sends one file and reports the bytes sent; fetch cannot report upload progress, XHR can. */
function sendFile(url: string, file: File, onProgress: (percent: number) => void): Promise<Outcome> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress((100 * event.loaded) / event.total);
    xhr.onload = () => {
      try {
        const body = JSON.parse(xhr.responseText) as { files?: Outcome[]; error?: { code: string; message: string } };
        resolve(body.files?.[0] ?? { ok: false, code: body.error?.code, message: body.error?.message ?? `HTTP ${xhr.status}` });
      } catch {
        resolve({ ok: false, message: `HTTP ${xhr.status}` });
      }
    };
    xhr.onerror = () => resolve({ ok: false });
    const form = new FormData();
    form.append("files", file, file.name);
    xhr.send(form);
  });
}

/**
 * Uploads files one request each, so every file has its own progress bar and its own result;
 * a refused file never holds back the others.
 */
export function useUploads(courseId: string, onUploaded: () => void) {
  const [items, setItems] = useState<UploadItem[]>([]);

  const update = (key: string, patch: Partial<UploadItem>) =>
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...patch } : item)));

  const upload = useCallback(
    async (files: File[]) => {
      const batch = files.map((file) => ({ file, key: `${file.name}-${file.size}-${crypto.randomUUID()}` }));
      setItems((current) => [...batch.map(({ file, key }) => ({ key, fileName: file.name, percent: 0, state: "uploading" as const })), ...current]);
      await Promise.all(
        batch.map(async ({ file, key }) => {
          const outcome = await sendFile(`/api/admin/courses/${courseId}/documents`, file, (percent) => update(key, { percent }));
          if (outcome.ok) update(key, { percent: 100, state: "uploaded" });
          else if (outcome.code === "duplicate_document") update(key, { percent: 100, state: "duplicate" });
          else update(key, { state: "failed", error: { code: outcome.code, message: outcome.message } });
          onUploaded();
        }),
      );
    },
    [courseId, onUploaded],
  );

  const dismiss = (key: string) => setItems((current) => current.filter((item) => item.key !== key));

  return { items, upload, dismiss };
}
