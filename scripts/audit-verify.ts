/**
 * `npm run audit:verify`: checks the whole hash chain of the audit log (in DATA_DIR, or in
 * PostgreSQL when DATABASE_URL is set) and
 * prints the head hash to compare with any copy (exports print it). Exits 1 and names
 * the first entry that was changed, removed or reordered.
 */
import { verifyAuditChain } from '../server/audit';
import { loadEnv } from '../server/env';
import { createLogger } from '../server/log';
import { chooseStorage } from '../server/storage';

async function main(): Promise<number> {
  const env = loadEnv();
  const { storage, closeLocks } = chooseStorage(env, createLogger(env.LOG_LEVEL));
  await closeLocks(); // only reads here
  await storage.open();
  try {
    const entries = await storage.listAudit(null);
    const problem = verifyAuditChain(entries);
    if (problem) {
      process.stderr.write(`audit log BROKEN at entry ${problem.seq}: ${problem.problem}\n`);
      return 1;
    }
    process.stdout.write(`audit log OK: ${entries.length} entries, head ${entries.at(-1)?.hash ?? '(empty)'}\n`);
    return 0;
  } finally {
    await storage.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`audit:verify failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
