/**
 * `npm run reapply-erasures`: after restoring Firestore (a backup or point-in-time recovery) or Cloud Storage objects
 * (soft delete), erases again every account the erasure ledger lists that the restore brought back. Run it against
 * the restored project before it takes traffic. Prints counts only. Safe to re-run; the deletion sweeper runs the same
 * check a slice at a time. With the embedded store (BEZ_DATA_DIR), stop the local stack first: one process owns its
 * journal.
 */
import { ConfigError, loadConfig } from "./config.ts";
import { compose } from "./compose.ts";

async function main(): Promise<void> {
  const composition = await compose(loadConfig());
  try {
    const report = await composition.reapplyErasures();
    process.stdout.write(`reapply-erasures: ${report.scanned} accounts checked, ${report.erased} erased again.\n`);
    if (report.failed > 0) {
      process.stdout.write(`reapply-erasures: ${report.failed} of them failed midway; run it again (or let the deletion sweep finish them).\n`);
      process.exitCode = 1;
    }
  } finally {
    await composition.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `reapply-erasures failed: ${err instanceof Error ? err.message : String(err)}`}\n`);
  process.exit(1);
});
