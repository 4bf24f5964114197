"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";

/** A drop area that is also a button: files can be dropped, or chosen from the keyboard. */
export function UploadDropzone({ title, hint, chooseLabel, accept, onFiles }: { title: string; hint: string; chooseLabel: string; accept: string; onFiles: (files: File[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  return (
    <div
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        const files = [...event.dataTransfer.files];
        if (files.length > 0) onFiles(files);
      }}
      data-dragging={dragging}
      className={`rounded-xl border-2 border-dashed px-6 py-8 text-center transition ${dragging ? "border-brand-600 bg-brand-50" : "border-slate-300 bg-white"}`}
    >
      <p className="font-medium text-slate-800">{title}</p>
      <p className="mt-1 text-sm text-slate-500">{hint}</p>
      <Button size="md" onClick={() => input.current?.click()} className="mt-4">
        {chooseLabel}
      </Button>
      <input
        ref={input}
        type="file"
        multiple
        accept={accept}
        aria-label={chooseLabel}
        className="sr-only"
        tabIndex={-1}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = "";
          if (files.length > 0) onFiles(files);
        }}
      />
    </div>
  );
}
