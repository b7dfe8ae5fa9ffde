/** Dates and numbers for people, in the browser's locale. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  return new Intl.DateTimeFormat(undefined, { year: "numeric", month: "long", day: "numeric" }).format(d);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat().format(n);
}
