import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SECRET_FILE } from '@/server/auth/secret';
import { SQLITE_FILE } from '@/server/storage';
import { listFiles } from '@/server/files';
import { TarWriter } from './tar';

/** The name of the manifest inside every backup, always its first entry. */
export const MANIFEST = 'communique-backup.json';
export const BACKUP_FORMAT = 'communique-backup';
export const BACKUP_VERSION = 1;

/** What a backup says about itself (its first entry): enough for restore to check every byte. */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  createdAt: string;
  /** The database's schema version (migrations applied) when it was copied. */
  schemaVersion: number;
  includesSecrets: boolean;
  files: { name: string; size: number; sha256: string }[];
}

/** Files in DATA_DIR that are never copied as they are: the live database and its journals. */
const LIVE_DATABASE_FILES = new Set([SQLITE_FILE, `${SQLITE_FILE}-wal`, `${SQLITE_FILE}-shm`, `${SQLITE_FILE}-journal`]);

/**
 * Makes a consistent backup of a SQLite installation while it runs: the database through
 * SQLite's online backup (one read transaction, so the copy is the database as of one
 * instant, with every commit made before it began; writers are not held up in WAL mode),
 * checked with `PRAGMA integrity_check`, plus every other file in DATA_DIR (today: the
 * generated session secret, only with `includeSecrets`; settings such as the letterhead
 * live in the database). Written as one tar file (tar.ts), mode 0600, never over an
 * existing file. Returns its manifest.
 */
export async function backupDataDir(dataDir: string, out: string, options: { includeSecrets: boolean }): Promise<BackupManifest> {
  const database = path.join(dataDir, SQLITE_FILE);
  if (!fs.existsSync(database)) throw new Error(`There is no Communiqué database in ${dataDir} (no ${SQLITE_FILE}): check DATA_DIR.`);
  if (fs.existsSync(out)) throw new Error(`${out} already exists: choose a new file name, so that no backup is overwritten.`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-backup-'));
  const partial = `${out}.partial-${process.pid}`;
  try {
    const copy = path.join(scratch, SQLITE_FILE);
    const source = new Database(database, { readonly: true, fileMustExist: true });
    try {
      source.pragma('busy_timeout = 5000');
      // All pages in one step: one read transaction, so the copy is one instant of the database.
      await source.backup(copy, { progress: () => 0x7fffffff });
    } finally {
      source.close();
    }
    const schemaVersion = checkCopy(copy);

    const others = listFiles(dataDir).filter((name) => !LIVE_DATABASE_FILES.has(name) && (options.includeSecrets || name !== SECRET_FILE));
    const files = [{ name: SQLITE_FILE, path: copy }, ...others.map((name) => ({ name, path: path.join(dataDir, name) }))];
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      schemaVersion,
      includesSecrets: options.includeSecrets && others.includes(SECRET_FILE),
      files: files.map((f) => ({ name: f.name, size: fs.statSync(f.path).size, sha256: sha256File(f.path) })),
    };
    const fd = fs.openSync(partial, 'wx', 0o600);
    try {
      const tar = new TarWriter(fd);
      tar.addBytes(MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 0o600);
      for (const f of files) tar.addFile(f.name, f.path, 0o600);
      tar.finish();
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, out);
    return manifest;
  } finally {
    fs.rmSync(partial, { force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Checks a database copy (integrity, and that it is ours); returns its schema version. */
export function checkCopy(file: string): number {
  const db = new Database(file, { fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`the database copy is damaged: ${String(integrity)}`);
    const row = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number };
    return row.v;
  } finally {
    db.close();
  }
}

export function sha256File(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1024 * 1024);
    for (let read: number; (read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}
