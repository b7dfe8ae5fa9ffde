/** Where to go after signing in: only a same-site path, never another origin (no open redirects). */
export function safeNextPath(value: string | null | undefined, fallback = "/studio"): string {
  if (!value) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if ([...value].some((ch) => ch.charCodeAt(0) < 0x20 || ch === "\u007f")) return fallback;
  return value;
}
