/**
 * `npm run rotate-keks`: re-wraps every user's data key under the newest KEK in BEZ_KEKS (the first entry), each key
 * in its own transaction. Safe to interrupt and re-run: keys already under the newest KEK are skipped. Prints counts
 * only, never key material. Once it reports nothing left to re-wrap, older KEKs may be dropped from BEZ_KEKS.
 * With the embedded store (BEZ_DATA_DIR), stop the local stack first: one process owns its journal.
 */
import { ConfigError, loadConfig } from "./config.ts";
import { compose } from "./compose.ts";
import { rewrapDataKeys } from "./core/vault/data-keys.ts";

async function main(): Promise<void> {
  const composition = await compose(loadConfig());
  try {
    const { keyRing } = composition;
    process.stdout.write(`rotate-keks: re-wrapping data keys under KEK "${keyRing.activeKekId}"\n`);
    const report = await rewrapDataKeys(
      { store: composition.deps.store, keyRing },
      { onPage: (progress) => process.stdout.write(`  scanned ${progress.scanned}, re-wrapped ${progress.rewrapped}\n`) },
    );
    process.stdout.write(
      `rotate-keks: done. ${report.scanned} keys scanned, ${report.rewrapped} re-wrapped, ${report.alreadyCurrent} already current.\n`,
    );
  } finally {
    await composition.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `rotate-keks failed: ${err instanceof Error ? err.message : String(err)}`}\n`);
  process.exit(1);
});
