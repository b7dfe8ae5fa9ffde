import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources (the "source" export condition), as tsc and `npm run bez`
  // do: a fresh clone has no built dist/ folders.
  ssr: { resolve: { conditions: ["source", ...defaultServerConditions] } },
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**"],
    pool: "forks",
    globalSetup: ["tests/global-setup.ts"],
    testTimeout: 30000,
    hookTimeout: 120000,
  },
});
