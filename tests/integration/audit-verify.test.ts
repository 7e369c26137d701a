import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { auditHash, formatAuditHead, type AuditEntry } from '@/server/audit';
import { SqliteStorage } from '@/server/storage/sqlite';

const ROOT = path.resolve(__dirname, '..', '..');
const KEY = 'a-test-key-kept-outside-the-database-0123456789';
const dirs: string[] = [];

/** Runs `npm run audit:verify -- <args>` as a user would (the script, in a child process) against `dataDir`. */
function verify(dataDir: string, args: string[] = [], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env };
  delete childEnv.DATABASE_URL;
  if (!env.AUDIT_HMAC_KEY) delete childEnv.AUDIT_HMAC_KEY;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', ...args], { cwd: ROOT, env: childEnv }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 2) : 0, stdout, stderr });
    });
  });
}

/** A data directory whose audit log has `count` entries, written by the app's storage (keyed when `key` is given). */
async function dataDirWithAudit(count: number, key: string | null = null): Promise<{ dir: string; entries: AuditEntry[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-audit-'));
  dirs.push(dir);
  const storage = new SqliteStorage(path.join(dir, 'communique.db'), 'NORMAL', key);
  await storage.open();
  try {
    for (let n = 1; n <= count; n++) {
      await storage.appendAudit({ actorId: null, documentId: null, action: 'export', versionId: null, contentHash: null, detail: { n } });
    }
    return { dir, entries: await storage.listAudit(null) };
  } finally {
    await storage.close();
  }
}

/** Opens the database as someone with write access to it would, append-only triggers dropped. */
function tamper(dir: string, change: (db: Database.Database) => void): void {
  const db = new Database(path.join(dir, 'communique.db'));
  try {
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
    change(db);
  } finally {
    db.close();
  }
}

/** Rewrites entry 2 and rebuilds every hash after it with the app's own (unkeyed) function. */
function rehash(dir: string, entries: readonly AuditEntry[]): void {
  tamper(dir, (db) => {
    let prev = entries[0]!.prevHash;
    for (const entry of entries) {
      const { prevHash: _p, hash: _h, ...fields } = entry;
      const detail = entry.seq === 2 ? { n: 2, comment: 'rewritten' } : fields.detail;
      const hash = auditHash({ ...fields, detail }, prev);
      db.prepare('UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(JSON.stringify(detail), prev, hash, entry.seq);
      prev = hash;
    }
  });
}

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run audit:verify -- --head: the chain against a head kept elsewhere', () => {
  it('an intact chain passes against its newest head and an older one (newer entries follow)', async () => {
    const { dir, entries } = await dataDirWithAudit(5);
    const newest = await verify(dir, ['--head', formatAuditHead(entries[4]!)]);
    expect(newest.code, newest.stderr).toBe(0);
    expect(newest.stdout).toMatch(/audit log OK: 5 entries, head [0-9a-f]{64}/);
    expect(newest.stdout).toContain('the given head is entry 5');
    const older = await verify(dir, [`--head=${entries[2]!.hash}`]);
    expect(older.code, older.stderr).toBe(0);
    expect(older.stdout).toContain('2 newer entries follow');
  });

  it('a cut-off tail fails against the head an export printed, and names the missing entries', async () => {
    const { dir, entries } = await dataDirWithAudit(5);
    tamper(dir, (db) => db.prepare('DELETE FROM audit_log WHERE seq > 3').run());
    expect((await verify(dir)).code).toBe(0); // what was observed: the chain alone cannot tell
    const cut = await verify(dir, ['--head', formatAuditHead(entries[4]!)]);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain('entries 4 to 5 were cut off');
    const bare = await verify(dir, ['--head', entries[4]!.hash]);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain('not in the chain');
  });

  it("a chain rebuilt with the app's own hash function fails against the head kept elsewhere", async () => {
    const { dir, entries } = await dataDirWithAudit(5);
    rehash(dir, entries);
    expect((await verify(dir)).code).toBe(0); // what was observed: a rebuilt chain is consistent
    const rebuilt = await verify(dir, ['--head', formatAuditHead(entries[4]!)]);
    expect(rebuilt.code).toBe(1);
    expect(rebuilt.stderr).toContain('entry 5 of the chain has another hash than the given head: the chain was rewritten');
  });

  it('with AUDIT_HMAC_KEY, a chain rebuilt without the key fails, even with no head to compare', async () => {
    const { dir, entries } = await dataDirWithAudit(4, KEY);
    const intact = await verify(dir, ['--head', formatAuditHead(entries[3]!)], { AUDIT_HMAC_KEY: KEY });
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toContain('(keyed)');
    expect((await verify(dir)).code).toBe(1); // a keyed chain does not verify without its key
    rehash(dir, entries);
    const rebuilt = await verify(dir, [], { AUDIT_HMAC_KEY: KEY });
    expect(rebuilt.code).toBe(1);
    expect(rebuilt.stderr).toMatch(/BROKEN at entry 1: .*AUDIT_HMAC_KEY/);
  });

  it('a head that is not one is refused with the form it takes', async () => {
    const { dir } = await dataDirWithAudit(1);
    const wrong = await verify(dir, ['--head', 'not-a-hash']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('give the 64-character hash, or seq:hash');
  });
});
