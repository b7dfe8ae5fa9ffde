/**
 * A page's address as a route pattern: no query string or fragment (sign-in links and unlock links carry one-time codes
 * there), and any segment that looks like an id replaced by `[id]`. Analytics and Web Vitals only ever see this.
 */
const idLike = /^(?=.*\d)[A-Za-z0-9_-]{12,}$/;

export function routePattern(pathname: string): string {
  const path = pathname.split(/[?#]/, 1)[0] ?? "/";
  const segments = path
    .split("/")
    .filter((s) => s !== "")
    .map((s) => (idLike.test(s) || !/^[A-Za-z0-9-]+$/.test(s) ? "[id]" : s));
  return `/${segments.join("/")}`;
}
