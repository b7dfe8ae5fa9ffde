/**
 * Reads firestore.rules and storage.rules without an emulator and proves they deny every client:
 * rules_version 2, a catch-all match under the service's root, and no `allow` that could ever be true.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

interface RulesBlock {
  /** The text before "{", e.g. "match /{document=**}". */
  header: string;
  /** Statements ending in ";" (or at a closing brace), whitespace collapsed. */
  statements: string[];
  blocks: RulesBlock[];
}

const normalize = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * A small structural parser: comments and strings are skipped, "{" after "/" is a path wildcard
 * ("/{document=**}"), any other "{" opens a block. It throws on anything unbalanced.
 */
function parseRules(source: string): RulesBlock {
  const root: RulesBlock = { header: "", statements: [], blocks: [] };
  const stack = [root];
  let text = "";
  const current = () => stack[stack.length - 1] as RulesBlock;
  const flushStatement = () => {
    if (normalize(text) !== "") current().statements.push(normalize(text));
    text = "";
  };

  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    const next = source[i + 1];
    if (char === "/" && next === "/") {
      const end = source.indexOf("\n", i);
      i = end === -1 ? source.length : end;
      text += " ";
    } else if (char === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      if (end === -1) throw new Error("unterminated block comment");
      i = end + 1;
      text += " ";
    } else if (char === "'" || char === '"') {
      const end = source.indexOf(char, i + 1);
      if (end === -1) throw new Error("unterminated string");
      text += source.slice(i, end + 1);
      i = end;
    } else if (char === "{" && text.endsWith("/")) {
      const end = source.indexOf("}", i);
      if (end === -1) throw new Error("unterminated path wildcard");
      text += source.slice(i, end + 1);
      i = end;
    } else if (char === "{") {
      const block: RulesBlock = { header: normalize(text), statements: [], blocks: [] };
      current().blocks.push(block);
      stack.push(block);
      text = "";
    } else if (char === "}") {
      flushStatement();
      if (stack.length === 1) throw new Error("unbalanced '}'");
      stack.pop();
    } else if (char === ";") {
      flushStatement();
    } else {
      text += char;
    }
  }
  if (stack.length !== 1) throw new Error("unbalanced '{'");
  flushStatement();
  return root;
}

function allowStatements(block: RulesBlock): string[] {
  return [...block.statements.filter((s) => /\ballow\b/.test(s)), ...block.blocks.flatMap(allowStatements)];
}

/** Headers other than service, match and function mean a "{" the parser misread, e.g. a map in a condition. */
function unexpectedBlocks(block: RulesBlock): string[] {
  return block.blocks.flatMap((child) => [
    ...(/^(service|match|function) /.test(child.header) ? [] : [child.header]),
    ...unexpectedBlocks(child),
  ]);
}

const CATCH_ALL = /^match \/\{\w+=\*\*\}$/;
const DENY = /^allow [a-z]+(?: ?, ?[a-z]+)* ?: ?if false$/;

interface RulesShape {
  service: string;
  root: string;
}

/** Every way the rules could let a client in; empty when they deny everything. */
function auditRules(source: string, shape: RulesShape): string[] {
  const problems: string[] = [];
  let rules: RulesBlock;
  try {
    rules = parseRules(source);
  } catch (error) {
    return [`unparseable: ${(error as Error).message}`];
  }

  if (!rules.statements.some((s) => /^rules_version ?= ?(['"])2\1$/.test(s))) {
    problems.push("rules_version is not '2'");
  }
  const service = rules.blocks.find((b) => b.header === `service ${shape.service}`);
  const root = service?.blocks.find((b) => b.header === `match ${shape.root}`);
  const catchAll = root?.blocks.find((b) => CATCH_ALL.test(b.header));
  if (catchAll === undefined) {
    problems.push(`no catch-all match under service ${shape.service} / match ${shape.root}`);
  } else if (!catchAll.statements.some((s) => /^allow read ?, ?write\b/.test(s))) {
    problems.push("the catch-all does not state its verdict on read, write");
  }
  for (const allow of allowStatements(rules)) {
    if (!DENY.test(allow)) problems.push(`an allow that is not literally false: "${allow}"`);
  }
  for (const header of unexpectedBlocks(rules)) problems.push(`a block the audit cannot vouch for: "${header} {"`);
  return problems;
}

const FIRESTORE: RulesShape = { service: "cloud.firestore", root: "/databases/{database}/documents" };
const STORAGE: RulesShape = { service: "firebase.storage", root: "/b/{bucket}/o" };

const readRoot = (name: string) => readFileSync(new URL(`../../${name}`, import.meta.url), "utf8");

describe.each([
  { file: "firestore.rules", shape: FIRESTORE },
  { file: "storage.rules", shape: STORAGE },
])("$file", ({ file, shape }) => {
  const source = readRoot(file);

  it("uses rules_version 2", () => {
    expect(parseRules(source).statements).toContain("rules_version = '2'");
  });

  it("has a catch-all match under the service root", () => {
    expect(auditRules(source, shape).filter((p) => p.includes("catch-all"))).toEqual([]);
  });

  it("has no allow that could be true", () => {
    const allows = allowStatements(parseRules(source));
    expect(allows.length).toBeGreaterThan(0);
    for (const allow of allows) expect(allow).toMatch(DENY);
  });

  it("passes the full audit", () => {
    expect(auditRules(source, shape)).toEqual([]);
  });
});

describe("the rules audit catches what it must", () => {
  const wrap = (inner: string) => `rules_version = '2';
    service cloud.firestore {
      match /databases/{database}/documents {
        match /{document=**} { allow read, write: if false; }
        ${inner}
      }
    }`;

  it("flags a conditional allow", () => {
    const problems = auditRules(wrap("match /users/{uid} { allow read: if request.auth.uid == uid; }"), FIRESTORE);
    expect(problems).toEqual([expect.stringContaining("not literally false")]);
  });

  it("flags an allow with no condition at all", () => {
    expect(auditRules(wrap("match /public/{id} { allow read; }"), FIRESTORE)).toHaveLength(1);
  });

  it("flags a condition that only starts with false", () => {
    expect(auditRules(wrap("match /x/{id} { allow get: if false || true; }"), FIRESTORE)).toHaveLength(1);
  });

  it("flags an allow hidden after a comment or inside a function block", () => {
    const inner = `// allow read: if false;
      function open() { return true; }
      match /y/{id} { allow list: if open(); }`;
    expect(auditRules(wrap(inner), FIRESTORE)).toEqual([expect.stringContaining("if open()")]);
  });

  it("flags an allow whose condition holds a map literal", () => {
    const problems = auditRules(wrap("match /x/{id} { allow write: if request.resource.data == {'a': 1}; }"), FIRESTORE);
    expect(problems).toEqual([expect.stringContaining("cannot vouch")]);
  });

  it("flags a missing catch-all and a wrong rules_version", () => {
    const source = `rules_version = '1';
      service cloud.firestore { match /databases/{database}/documents { match /users/{uid} { allow read: if false; } } }`;
    expect(auditRules(source, FIRESTORE)).toEqual([
      "rules_version is not '2'",
      expect.stringContaining("no catch-all"),
    ]);
  });

  it("flags a catch-all outside the service root", () => {
    const source = `rules_version = '2';
      service firebase.storage { match /{allPaths=**} { allow read, write: if false; } }`;
    expect(auditRules(source, STORAGE)).toEqual([expect.stringContaining("no catch-all")]);
  });
});
