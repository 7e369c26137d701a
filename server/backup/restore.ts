import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SQLITE_FILE } from '@/server/storage';
import { BACKUP_FORMAT, BACKUP_VERSION, checkCopy, MANIFEST, type BackupManifest } from './backup';
import { readTar } from './tar';

/**
 * Restores a backup made by backupDataDir into an empty DATA_DIR (created when missing):
 * every file is unpacked into a staging folder inside it and checked against the manifest
 * (size, SHA-256; nothing missing, nothing extra), the database is checked by SQLite, and
 * only then are the files moved into place. A directory that holds anything is refused, so a
 * restore never mixes with or overwrites an installation. Returns the manifest.
 */
export function restoreDataDir(archive: string, dataDir: string): BackupManifest {
  if (!fs.existsSync(archive)) throw new Error(`There is no file ${archive}.`);
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    throw new Error(
      `DATA_DIR ${dataDir} is not empty: a backup is restored only into an empty directory, so that nothing there is overwritten. Point DATA_DIR at a new directory, or move its files away first.`,
    );
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const staging = fs.mkdtempSync(path.join(dataDir, '.restoring-'));
  try {
    let manifest: BackupManifest | null = null;
    const seen = new Set<string>();
    readTar(archive, (entry, chunks) => {
      if (!manifest) {
        if (entry.name !== MANIFEST) throw new Error(`${archive} is not a Communiqué backup (it does not start with ${MANIFEST}).`);
        manifest = parseManifest(Buffer.concat([...chunks()]).toString('utf8'), archive);
        return;
      }
      const expected = manifest.files.find((f) => f.name === entry.name);
      if (!expected || seen.has(entry.name))
        throw new Error(`The backup holds ${entry.name}, which its manifest does not list: it was changed after it was made.`);
      seen.add(entry.name);
      const target = path.join(staging, entry.name);
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      const hash = createHash('sha256');
      const fd = fs.openSync(target, 'wx', 0o600);
      try {
        for (const chunk of chunks()) {
          hash.update(chunk);
          fs.writeSync(fd, chunk);
        }
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      if (entry.size !== expected.size || hash.digest('hex') !== expected.sha256) {
        throw new Error(`${entry.name} in the backup does not match its manifest (size or SHA-256): the file is damaged.`);
      }
    });
    const found = manifest as BackupManifest | null;
    if (!found) throw new Error(`${archive} is empty.`);
    const missing = found.files.filter((f) => !seen.has(f.name)).map((f) => f.name);
    if (missing.length) throw new Error(`The backup lacks ${missing.join(', ')}: it is incomplete.`);
    checkCopy(path.join(staging, SQLITE_FILE));
    for (const { name } of found.files) {
      const target = path.join(dataDir, name);
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      fs.renameSync(path.join(staging, name), target);
    }
    return found;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function parseManifest(text: string, archive: string): BackupManifest {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(text) as BackupManifest;
  } catch {
    throw new Error(`${archive} is not a Communiqué backup (its manifest is not JSON).`);
  }
  if (manifest?.format !== BACKUP_FORMAT || !Array.isArray(manifest.files)) throw new Error(`${archive} is not a Communiqué backup.`);
  if (manifest.version !== BACKUP_VERSION)
    throw new Error(`${archive} is a backup of format version ${manifest.version}; this Communiqué restores version ${BACKUP_VERSION}.`);
  if (!manifest.files.some((f) => f.name === SQLITE_FILE)) throw new Error(`${archive} holds no database.`);
  return manifest;
}
