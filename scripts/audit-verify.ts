/**
 * `npm run audit:verify`: checks the whole hash chain of the audit log in DATA_DIR and
 * prints the head hash to compare with any copy (exports print it). Exits 1 and names
 * the first entry that was changed, removed or reordered.
 */
import path from 'node:path';
import { verifyAuditChain } from '../server/audit';
import { loadEnv } from '../server/env';
import { SqliteStorage } from '../server/storage/sqlite';

async function main(): Promise<number> {
  const env = loadEnv();
  const storage = new SqliteStorage(path.join(env.DATA_DIR, 'communique.db'));
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
