/** What the downloader tells about each file while it fetches it. */
export type Progress = {
  /** A transfer starts (or resumes at `done` bytes, after an interruption). */
  begin: (file: string, total: number | undefined, done: number) => void;
  update: (done: number) => void;
  end: () => void;
  /** Something worth a line of its own (a retry, a resumed partial). */
  note: (line: string) => void;
};

export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const whole = Math.ceil(seconds);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

type Transfer = { file: string; total: number | undefined; from: number; done: number; startedAt: number };

function describe(transfer: Transfer, bar?: string): string {
  const { file, total, from, done, startedAt } = transfer;
  // Speed counts only what this transfer fetched: resumed bytes came for free.
  const speed = (done - from) / Math.max((performance.now() - startedAt) / 1000, 0.001);
  const parts = [file];
  if (total === undefined) return [...parts, formatBytes(done), `${formatBytes(speed)}/s`].join("  ");
  const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
  if (bar !== undefined) parts.push(bar);
  parts.push(`${percent}%`, `${formatBytes(done)} / ${formatBytes(total)}`, `${formatBytes(speed)}/s`, `ETA ${formatDuration((total - done) / speed)}`);
  return parts.join("  ");
}

/**
 * A line per file at every tenth of it: for logs, pipes, and terminals other output shares (the
 * demo prints the build and the server beside it).
 */
export function lineProgress(log: (line: string) => void): Progress {
  let transfer: Transfer | undefined;
  let printedStep = -1;
  const print = () => transfer && log(describe(transfer));
  return {
    begin: (file, total, done) => {
      transfer = { file, total, from: done, done, startedAt: performance.now() };
      printedStep = total ? Math.floor((done / total) * 10) : -1;
      const size = total === undefined ? "size unknown" : formatBytes(total);
      log(done > 0 ? `${file}  resuming at ${formatBytes(done)} of ${size}` : `${file}  ${size}`);
    },
    update: (done) => {
      if (!transfer) return;
      transfer.done = done;
      const step = transfer.total ? Math.floor((done / transfer.total) * 10) : -1;
      if (step > printedStep) {
        printedStep = step;
        print();
      }
    },
    end: () => {
      // Without a known size no tenth was ever reached: say where it ended.
      if (transfer?.total === undefined) print();
      transfer = undefined;
    },
    note: log,
  };
}

const BAR_WIDTH = 24;
const REDRAW_MS = 100;

/** A bar redrawn in place on a terminal. */
export function barProgress(stream: NodeJS.WriteStream): Progress {
  let transfer: Transfer | undefined;
  let drawnAt = 0;
  const draw = () => {
    if (!transfer) return;
    drawnAt = performance.now();
    const { done, total } = transfer;
    const filled = total ? Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH)) : 0;
    const bar = `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}]`;
    // \r and erase-to-end-of-line: the bar overwrites itself, never scrolls.
    stream.write(`\r\x1b[K${describe(transfer, bar)}`);
  };
  return {
    begin: (file, total, done) => {
      transfer = { file, total, from: done, done, startedAt: performance.now() };
      draw();
    },
    update: (done) => {
      if (!transfer) return;
      transfer.done = done;
      if (performance.now() - drawnAt >= REDRAW_MS) draw();
    },
    end: () => {
      draw();
      if (transfer) stream.write("\n");
      transfer = undefined;
    },
    note: (line) => {
      if (transfer) stream.write("\r\x1b[K");
      stream.write(`${line}\n`);
      draw();
    },
  };
}
