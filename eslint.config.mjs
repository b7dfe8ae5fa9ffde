// Lint rules that keep the architecture honest: the domain (functions/src/core) imports no infrastructure,
// only adapters import SDKs, and only config modules read process.env.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const infrastructure = ["firebase-admin", "firebase-admin/*", "firebase-functions", "firebase-functions/*", "ioredis", "/replicate", "@google-cloud/*"];
const noProcessEnv = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: "Only the config module reads process.env: add the variable there (zod-validated) and pass it in.",
};

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/.next/**", "**/dist/**", "test-results/**", "playwright-report/**", ".bez-data/**", "web/next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["functions/src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: [...infrastructure, "express", "node:fs", "node:fs/*", "../adapters/*", "../../adapters/*"], message: "The domain takes ports as arguments; infrastructure stays in adapters/." }] }],
      "no-restricted-syntax": ["error", noProcessEnv],
    },
  },
  {
    files: ["functions/src/**/*.ts"],
    ignores: ["functions/src/adapters/**", "functions/src/core/**", "functions/src/index.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: infrastructure, message: "Only functions/src/adapters/ may import SDKs." }] }],
    },
  },
  {
    files: ["functions/src/**/*.ts", "web/src/**/*.{ts,tsx}", "local/src/**/*.ts", "packages/**/*.ts"],
    ignores: ["functions/src/config.ts", "web/src/env.ts", "local/src/config.ts", "packages/cli/src/config.ts"],
    rules: { "no-restricted-syntax": ["error", noProcessEnv] },
  },
);
