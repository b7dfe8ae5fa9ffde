/**
 * `npm run residue -- <uid> [email]`: looks for a user in every store (documents, blobs, Redis, Auth) and, with the
 * embedded stack, in every file under BEZ_DATA_DIR. Prints each hit (where, never the data); exit code 1 when
 * anything is found, 0 when nothing is left. With the embedded store, stop the local stack first: one process owns
 * its journal.
 */
import { readFile, readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { ConfigError, loadConfig } from "./config.ts";
import { compose } from "./compose.ts";
import { scanResidue } from "./core/deletion/residue.ts";

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

async function main(): Promise<void> {
  const [uid, email] = process.argv.slice(2);
  if (!uid || !/^[A-Za-z0-9_-]{1,128}$/.test(uid)) {
    process.stderr.write("usage: npm run residue -- <uid> [email]\n");
    process.exit(2);
  }
  const config = loadConfig();
  const composition = await compose(config);
  let found = 0;
  try {
    for (const hit of await scanResidue(composition.residue, { uid, email })) {
      found++;
      process.stdout.write(`${hit.where}\t${hit.ref}${hit.field ? `\t${hit.field}` : ""}\n`);
    }
  } finally {
    await composition.close();
  }
  if (config.dataDir) {
    const needles = [uid, ...(email ? [email] : [])].map((n) => Buffer.from(n, "utf8"));
    for await (const file of filesUnder(config.dataDir)) {
      const bytes = await readFile(file);
      const name = relative(config.dataDir, file);
      if (needles.some((needle) => bytes.includes(needle) || name.includes(needle.toString()))) {
        found++;
        process.stdout.write(`file\t${name}\n`);
      }
    }
  }
  process.stdout.write(found === 0 ? "residue: nothing found\n" : `residue: ${found} hit(s)\n`);
  process.exitCode = found === 0 ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `residue failed: ${err instanceof Error ? err.message : String(err)}`}\n`);
  process.exit(1);
});
