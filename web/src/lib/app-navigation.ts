import { usePathname, useSearchParams } from "next/navigation";

/*
 * next/navigation's hooks, typed for the app router. With a pages directory in the project (src/pages, the pages
 * served without JavaScript) Next.js types them as nullable, since a component could be rendered by the pages router;
 * the components using these are only ever rendered under src/app, where the values are always there.
 */

export function useAppPathname(): string {
  return usePathname() ?? "/";
}

export function useAppSearchParams(): URLSearchParams {
  return useSearchParams() ?? new URLSearchParams();
}
