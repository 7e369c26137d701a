/**
 * `npm run backup -- --out FILE [--include-secrets]`: a consistent copy of a running SQLite
 * installation (DATA_DIR) in one tar file, taken while people type (server/backup/backup.ts).
 * The session secret goes in only with --include-secrets. With DATABASE_URL set, it says to
 * use pg_dump (docs/DEPLOY.md). Exits 1 with a sentence when it cannot back up, 2 on wrong
 * arguments.
 */
import path from 'node:path';
import { backupDataDir } from '@/server/backup/backup';
import { loadEnv } from '@/server/env';

const USAGE = 'usage: npm run backup -- --out FILE [--include-secrets]';

function parseArguments(args: readonly string[]): { out: string; includeSecrets: boolean } {
  let out: string | null = null;
  let includeSecrets = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--out' && args[i + 1] !== undefined) out = args[++i]!;
    else if (arg.startsWith('--out=')) out = arg.slice('--out='.length);
    else if (arg === '--include-secrets') includeSecrets = true;
    else throw new Error(`unknown argument ${arg}; ${USAGE}`);
  }
  if (!out) throw new Error(`say where the backup goes; ${USAGE}`);
  return { out: path.resolve(out), includeSecrets };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArguments>;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const env = loadEnv();
  if (env.DATABASE_URL) {
    process.stderr.write('DATABASE_URL is set: back up PostgreSQL with pg_dump (see docs/DEPLOY.md, "Backups"); this command copies a SQLite DATA_DIR.\n');
    return 1;
  }
  const manifest = await backupDataDir(env.DATA_DIR, args.out, { includeSecrets: args.includeSecrets });
  const bytes = manifest.files.reduce((sum, f) => sum + f.size, 0);
  process.stdout.write(
    `backup written to ${args.out}: ${manifest.files.map((f) => f.name).join(', ')} (${bytes} bytes, schema ${manifest.schemaVersion})` +
      `${manifest.includesSecrets ? ', with the session secret' : ', without secrets'}\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`backup failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
