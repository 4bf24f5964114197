import type { Locale } from "@/lib/i18n/locales";

/** Number formats of the dashboard in the reader's language; null values show as a dash. */
export function dashboardFormats(locale: Locale) {
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  // Per-answer costs are fractions of a cent, so small sums keep more digits.
  const usd = new Intl.NumberFormat(locale, { style: "currency", currency: "USD", maximumSignificantDigits: 3 });
  const day = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
  const orDash = <T>(format: (value: T) => string) => (value: T | null) => (value === null ? "—" : format(value));
  return {
    integer: (value: number) => integer.format(value),
    ms: orDash((value: number) => integer.format(value)),
    percent: orDash((value: number) => percent.format(value)),
    usd: orDash((value: number) => usd.format(value)),
    /** A YYYY-MM-DD day as a short date, e.g. "1 мар." */
    day: (value: string) => day.format(new Date(`${value}T00:00:00Z`)),
    /** A moment in the dashboard's time zone, e.g. "02.03.2024, 12:10". */
    dateTime: (iso: string, timeZone: string) => new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone }).format(new Date(iso)),
  };
}
