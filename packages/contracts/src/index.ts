export * from "./problems.ts";
export * from "./me.ts";
export * from "./health.ts";
export * from "./audit.ts";
export * from "./lists.ts";
export * from "./images.ts";
export * from "./generations.ts";
export * from "./account.ts";
