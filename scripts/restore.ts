/**
 * `npm run restore -- FILE`: restores a backup made by `npm run backup` into DATA_DIR, which
 * must be empty or absent (server/backup/restore.ts). Every file is checked against the
 * backup's manifest and the database by SQLite before anything is put in place. Exits 1 with
 * a sentence when it cannot restore, 2 on wrong arguments.
 */
import path from 'node:path';
import { restoreDataDir } from '@/server/backup/restore';
import { loadEnv } from '@/server/env';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0]!.startsWith('--')) {
    process.stderr.write('usage: npm run restore -- FILE (into DATA_DIR, which must be empty)\n');
    return 2;
  }
  const env = loadEnv();
  if (env.DATABASE_URL) {
    process.stderr.write('DATABASE_URL is set: restore PostgreSQL with pg_restore (see docs/DEPLOY.md, "Backups"); this command restores a SQLite DATA_DIR.\n');
    return 1;
  }
  const archive = path.resolve(args[0]!);
  const manifest = restoreDataDir(archive, env.DATA_DIR);
  process.stdout.write(
    `restored ${manifest.files.map((f) => f.name).join(', ')} from the backup of ${manifest.createdAt} into ${env.DATA_DIR}` +
      `${manifest.includesSecrets ? '' : ' (no session secret in it: a new one is made at start, and everyone signs in again)'}\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`restore failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
