/**
 * A thumb, up or down, drawn inline: emoji depend on the reader's fonts, and where those lack them
 * (many Linux desktops, kiosk browsers) the rating buttons would show empty boxes.
 */
export function ThumbIcon({ down = false }: { down?: boolean }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="16"
      height="16"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinejoin="round"
      className={down ? "rotate-180" : undefined}
    >
      <rect x="2.5" y="10" width="4" height="11" rx="1" />
      <path d="M6.5 11 10 3.5c1.5 0 2.6 1.1 2.4 2.6L12 9.5h6.6c1.3 0 2.2 1.2 2 2.4l-1.3 7.3a2.2 2.2 0 0 1-2.2 1.8H6.5Z" />
    </svg>
  );
}
