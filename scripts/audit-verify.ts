/**
 * `npm run audit:verify [-- --head <seq:hash | hash>]`: checks the whole hash chain of the
 * audit log (in DATA_DIR, or in PostgreSQL when DATABASE_URL is set; keyed with
 * AUDIT_HMAC_KEY when that is set) and prints the head to compare with any copy. With
 * `--head`, it compares the chain with a head kept elsewhere (the one an export printed):
 * a cut-off tail or a chain rebuilt from scratch is reported. Exits 1 and says what is
 * wrong, 2 when it could not check.
 */
import { checkAuditHead, formatAuditHead, verifyAuditChain } from '@/server/audit';
import { loadEnv } from '@/server/env';
import { createLogger } from '@/server/log';
import { chooseStorage } from '@/server/storage';

/** The value of `--head` (`--head X` or `--head=X`), or null; throws on other arguments. */
function headArgument(args: readonly string[]): string | null {
  let head: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--head' && args[i + 1] !== undefined) head = args[++i]!;
    else if (arg.startsWith('--head=')) head = arg.slice('--head='.length);
    else throw new Error(`unknown argument ${arg}; usage: npm run audit:verify -- [--head <seq:hash>]`);
  }
  return head;
}

async function main(): Promise<number> {
  const head = headArgument(process.argv.slice(2));
  const env = loadEnv();
  const key = env.AUDIT_HMAC_KEY ?? null;
  const { storage, closeLocks } = chooseStorage(env, createLogger(env.LOG_LEVEL));
  await closeLocks(); // only reads here
  await storage.open();
  try {
    const entries = await storage.listAudit(null);
    const problem = verifyAuditChain(entries, key);
    if (problem) {
      process.stderr.write(`audit log BROKEN at entry ${problem.seq}: ${problem.problem}\n`);
      return 1;
    }
    const last = entries.at(-1);
    const printed = last ? `${last.hash} (entry ${last.seq}; exports print it as ${formatAuditHead(last)})` : '(empty)';
    if (head !== null) {
      const compared = checkAuditHead(entries, head);
      if (!compared.ok) {
        process.stderr.write(`audit log does NOT match the head given: ${compared.message}\n`);
        return 1;
      }
      process.stdout.write(`audit log OK: ${entries.length} entries${key ? ' (keyed)' : ''}, head ${printed}; ${compared.message}\n`);
      return 0;
    }
    process.stdout.write(`audit log OK: ${entries.length} entries${key ? ' (keyed)' : ''}, head ${printed}\n`);
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
