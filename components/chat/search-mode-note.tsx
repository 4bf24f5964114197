"use client";

import { useT } from "@/lib/i18n/client";

/** A circled "i", drawn inline like the other icons so it shows whatever the reader's fonts. */
function InfoIcon() {
  return (
    <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" className="mt-px shrink-0">
      <circle cx="12" cy="12" r="9" />
      <path d="M12 11v5.5" />
      <circle cx="12" cy="7.75" r="0.6" fill="currentColor" />
    </svg>
  );
}

/**
 * Says, quietly, that an answer's passages were found by their words alone (no embedder answered,
 * or the course has no vectors of the current model yet): the answer may miss what is phrased
 * differently in the materials.
 */
export function SearchModeNote({ found }: { found: boolean }) {
  const t = useT();
  return (
    <p role="note" data-testid="search-mode-note" className="mt-2 flex items-start gap-1.5 text-xs text-slate-500">
      <InfoIcon />
      <span>{t("chat.searchMode.LEXICAL", { found: found ? "yes" : "no" })}</span>
    </p>
  );
}
