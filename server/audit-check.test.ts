import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AuditChainCheck } from '@/server/audit-check';
import { SqliteStorage } from '@/server/storage/sqlite';

/**
 * The document page's view of the audit chain (server/audit-check.ts), on a real SQLite log:
 * entries are checked as they are written, the whole chain again on each pass, a batch at a
 * time, with other work running between the batches.
 */
let dir: string;
let storage: SqliteStorage;
const KEY = 'a-test-key-kept-outside-the-database-0123456789';

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-audit-check-'));
  storage = new SqliteStorage(path.join(dir, 'communique.db'), 'NORMAL', KEY);
  await storage.open();
});

afterEach(async () => {
  await storage.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function append(count: number): Promise<void> {
  for (let n = 0; n < count; n++)
    await storage.appendAudit({ actorId: null, documentId: null, action: 'export', versionId: null, contentHash: null, detail: { n } });
}

/** Changes an entry as someone with write access to the file would: the append-only triggers dropped, the hash left as it was. */
function tamper(seq: number): void {
  const db = new Database(path.join(dir, 'communique.db'));
  try {
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update');
    db.prepare('UPDATE audit_log SET detail = ? WHERE seq = ?').run(JSON.stringify({ n: 'changed' }), seq);
  } finally {
    db.close();
  }
}

it('checks every entry before calling the chain intact, then only what was written since', async () => {
  await append(1203);
  const check = new AuditChainCheck(storage, KEY);
  const read: number[] = [];
  const counting = { listAuditAfter: (seq: number, limit: number) => (read.push(seq), storage.listAuditAfter(seq, limit)) };
  const counted = new AuditChainCheck(counting, KEY);
  expect((await counted.state()).problem).toBeNull();
  expect((await counted.state()).verified.seq).toBe(1203);
  // The first whole pass read the log in batches from the start; each state since, only past what it had checked.
  expect(read).toEqual([0, 500, 1000, 1203, 1203]);

  await append(3);
  const after = await counted.state();
  expect(after).toMatchObject({ problem: null, verified: { seq: 1206 } });
  expect(read.slice(5)).toEqual([1203]);
  expect(after.verified.hash).toBe((await storage.auditHeadEntry()).hash);
  expect((await check.state()).verified.seq).toBe(1206);
});

it('finds an entry changed after it was written at once when it is new, and at the next whole pass when it was already checked', async () => {
  await append(10);
  const check = new AuditChainCheck(storage, KEY);
  expect((await check.state()).problem).toBeNull();

  await append(5);
  tamper(12);
  expect((await check.state()).problem).toEqual({ seq: 12, problem: expect.stringContaining('does not match its hash') });

  const other = new AuditChainCheck(storage, KEY);
  await append(1);
  expect((await other.state()).problem?.seq).toBe(12);
});

it('an entry changed after it was checked stays unseen until the next whole pass, which finds it', async () => {
  await append(20);
  const check = new AuditChainCheck(storage, KEY);
  expect((await check.state()).problem).toBeNull();
  tamper(3);
  expect((await check.state()).problem).toBeNull();
  await check.wholePass();
  const state = await check.state();
  expect(state.problem?.seq).toBe(3);
  // Broken stays broken for the page, whatever is written after.
  await append(2);
  expect((await check.state()).problem?.seq).toBe(3);
});

it('leaves the event loop free between batches of a whole pass', async () => {
  await append(2600);
  const check = new AuditChainCheck(storage, KEY);
  let turns = 0;
  let spinning = true;
  const spin = () => {
    turns++;
    if (spinning) setImmediate(spin);
  };
  setImmediate(spin);
  await check.wholePass();
  spinning = false;
  expect((await check.state()).verified.seq).toBe(2600);
  // Six batches of at most 500 entries: other callbacks ran between them.
  expect(turns).toBeGreaterThanOrEqual(5);
});

it('starts a whole pass at once and repeats it, so a change behind its back is found without a restart', async () => {
  await append(30);
  const check = new AuditChainCheck(storage, KEY);
  check.start(50);
  try {
    expect((await check.state()).problem).toBeNull();
    tamper(7);
    await expect.poll(async () => (await check.state()).problem?.seq, { timeout: 5000, interval: 25 }).toBe(7);
  } finally {
    check.stop();
  }
});

it('tells a page the record is still being checked while the first whole pass runs, instead of holding the page', async () => {
  await append(20);
  tamper(4);
  // The real log behind a gate: the first pass cannot end until the test opens it (a long log, just after a restart).
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const gated = { listAuditAfter: async (seq: number, limit: number) => (await gate, storage.listAuditAfter(seq, limit)) };
  const check = new AuditChainCheck(gated, KEY);
  check.start();
  try {
    // Neither intact nor broken before every entry was checked.
    expect(await check.stateWithin(30)).toBeNull();
    expect(await check.stateWithin(0)).toBeNull();
    open();
    expect((await check.stateWithin(5000))?.problem?.seq).toBe(4);
  } finally {
    check.stop();
  }
});
