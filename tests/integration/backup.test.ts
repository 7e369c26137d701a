import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocument, transition } from '@/tests/factories/documents';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { freshDatabase, probePostgres, type FreshDatabase } from '@/tests/helpers/services';
import { servicesSuite } from '@/tests/helpers/services-suite';
import { signIn } from '@/tests/helpers/session';
import { startTyping, storedAcks } from '@/tests/helpers/stored-acks';

const ROOT = path.resolve(__dirname, '..', '..');
const dirs: string[] = [];
const scratch = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command as an operator would (a child process), with `env` over this one's. */
function run(command: string, args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, env: childEnv, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** `npm run <script> -- args` against a SQLite DATA_DIR (the script itself, under tsx, as npm runs it). */
const script = (name: string, args: string[], env: Record<string, string | undefined>) =>
  run(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], { DATABASE_URL: undefined, ...env });

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Backups that restore: taken while someone types, restored into a fresh place, the restored
 * app starts, its audit chain verifies, and every edit acknowledged before the backup began
 * is there.
 */
describe('npm run backup / npm run restore (SQLite)', () => {
  const servers: TestServer[] = [];
  const clients: CollabClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const s of servers) await s.stop();
  });

  it('a backup taken while someone types restores into an empty DATA_DIR with every acknowledged edit, and audit:verify passes', async () => {
    const server = await startServer();
    servers.push(server);
    const cookies = { drafter: await signIn(server.url, 'drafter@example.org'), viewer: await signIn(server.url, 'viewer@example.org') };
    // Something in the audit log: a submission of another draft.
    const submitted = await createDocument(server.url, cookies.drafter);
    expect((await transition(server.url, cookies, 'drafter', submitted, { action: 'submit' })).status).toBe(200);

    const docId = await createDocument(server.url, cookies.drafter);
    const writer = connectClient(server.url, docId, cookies.drafter);
    clients.push(writer);
    await waitSynced(writer);
    const acks = storedAcks(writer);
    acks.ask();
    const typist = startTyping(writer, 'Abzas');
    await waitFor(() => typist.acknowledged(acks.clock).length >= 20, 'twenty acknowledged paragraphs');

    // The backup begins now, while the typing goes on.
    const acknowledged = typist.acknowledged(acks.clock);
    const typedAtStart = typist.typed.length;
    const out = path.join(scratch('communique-backup-out-'), 'communique.tar');
    const backup = await script('backup', ['--out', out], { DATA_DIR: server.dataDir });
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/backup written to .*communique\.tar: communique\.db \(\d+ bytes, schema \d+\), without secrets/);
    await waitFor(
      () => typist.typed.length > typedAtStart + 5 && typist.acknowledged(acks.clock).length > acknowledged.length,
      'typing to go on during and after the backup',
    );
    await typist.stop();

    // A standard tar file: the system's tar lists it. No session secret in it.
    const listing = await run('tar', ['-tf', out]);
    expect(listing.code).toBe(0);
    expect(listing.stdout.trim().split('\n')).toEqual(['communique-backup.json', 'communique.db']);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    // It never overwrites a backup.
    const again = await script('backup', ['--out', out], { DATA_DIR: server.dataDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');

    // Restored into a fresh DATA_DIR; refused into one that is not empty.
    const restored = path.join(scratch('communique-restored-'), 'data');
    const restore = await script('restore', [out], { DATA_DIR: restored });
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(fs.readdirSync(restored).sort()).toEqual(['communique.db']);
    const refused = await script('restore', [out], { DATA_DIR: restored });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is not empty: a backup is restored only into an empty directory/);
    expect(fs.readdirSync(restored).sort()).toEqual(['communique.db']);

    const verify = await script('audit-verify', [], { DATA_DIR: restored });
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^audit log OK: [1-9]\d* entries/);

    // The restored app starts on it, and every edit acknowledged before the backup began is there.
    const copy = await startServer({ dataDir: restored });
    servers.push(copy);
    const reader = connectClient(copy.url, docId, await signIn(copy.url, 'viewer@example.org'));
    clients.push(reader);
    await waitSynced(reader);
    const text = reader.text().split('\n');
    for (const paragraph of acknowledged) expect(text).toContain(paragraph);
    // What it holds is a prefix of what was typed: one instant of the document, nothing torn.
    expect(text).toEqual(typist.typed.slice(0, text.length));
  });

  it('takes the session secret only with --include-secrets, and refuses a damaged or foreign file', async () => {
    const server = await startServer();
    servers.push(server);
    const out = path.join(scratch('communique-backup-out-'), 'with-secret.tar');
    const backup = await script('backup', [`--out=${out}`, '--include-secrets'], { DATA_DIR: server.dataDir });
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain('with the session secret');
    const restored = scratch('communique-restored-');
    expect((await script('restore', [out], { DATA_DIR: restored })).code).toBe(0);
    expect(fs.readFileSync(path.join(restored, 'nextauth-secret'), 'utf8')).toBe(fs.readFileSync(path.join(server.dataDir, 'nextauth-secret'), 'utf8'));
    expect(fs.statSync(path.join(restored, 'nextauth-secret')).mode & 0o777).toBe(0o600);

    // One byte changed inside the database entry: the restore refuses it and leaves DATA_DIR empty.
    const damaged = path.join(path.dirname(out), 'damaged.tar');
    const bytes = fs.readFileSync(out);
    bytes[bytes.length - 4096] = bytes[bytes.length - 4096]! ^ 0xff;
    fs.writeFileSync(damaged, bytes);
    const target = scratch('communique-restored-');
    const refused = await script('restore', [damaged], { DATA_DIR: target });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/does not match its manifest|damaged/);
    expect(fs.readdirSync(target)).toEqual([]);

    const foreign = path.join(path.dirname(out), 'foreign.tar');
    fs.writeFileSync(foreign, 'not a tar file at all');
    const notOurs = await script('restore', [foreign], { DATA_DIR: scratch('communique-restored-') });
    expect(notOurs.code).toBe(1);
    expect(notOurs.stderr).toMatch(/^restore failed: /);
  });
});

const postgres = await probePostgres();

servicesSuite('pg_dump and pg_restore as docs/DEPLOY.md gives them (PostgreSQL)', [postgres], () => {
  const SECRET = 'backup-suite-secret-0123456789abcdef';
  const databases: FreshDatabase[] = [];
  const servers: TestServer[] = [];
  const clients: CollabClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const s of servers) await s.stop();
    for (const d of databases) await d.drop();
  });

  it('a dump taken while someone types restores into a new database with every acknowledged edit, and audit:verify passes', async () => {
    const source = await freshDatabase('cq_backup_src');
    databases.push(source);
    const server = await startServer({ env: { DATABASE_URL: source.url, NEXTAUTH_SECRET: SECRET } });
    servers.push(server);
    const cookies = { drafter: await signIn(server.url, 'drafter@example.org') };
    const submitted = await createDocument(server.url, cookies.drafter);
    expect((await transition(server.url, cookies, 'drafter', submitted, { action: 'submit' })).status).toBe(200);
    const docId = await createDocument(server.url, cookies.drafter);
    const writer = connectClient(server.url, docId, cookies.drafter);
    clients.push(writer);
    await waitSynced(writer);
    const acks = storedAcks(writer);
    acks.ask();
    const typist = startTyping(writer, 'Bölüm');
    await waitFor(() => typist.acknowledged(acks.clock).length >= 20, 'twenty acknowledged paragraphs');

    const acknowledged = typist.acknowledged(acks.clock);
    const dump = path.join(scratch('communique-pgdump-'), 'communique.dump');
    // docs/DEPLOY.md: pg_dump --format=custom --no-owner --file=communique.dump "$DATABASE_URL"
    const dumped = await run('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, source.url]);
    expect(dumped.stderr).toBe('');
    expect(dumped.code).toBe(0);
    await typist.stop();

    // docs/DEPLOY.md: createdb, then pg_restore --no-owner --exit-on-error --dbname="$NEW_DATABASE_URL" communique.dump
    const target = await freshDatabase('cq_backup_dst');
    databases.push(target);
    const restored = await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target.url}`, dump]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);

    const verify = await script('audit-verify', [], { DATABASE_URL: target.url, NEXTAUTH_SECRET: SECRET });
    expect(verify.stderr).toBe('');
    expect(verify.stdout).toMatch(/^audit log OK: [1-9]\d* entries/);

    const copy = await startServer({ env: { DATABASE_URL: target.url, NEXTAUTH_SECRET: SECRET } });
    servers.push(copy);
    const reader = connectClient(copy.url, docId, await signIn(copy.url, 'viewer@example.org'));
    clients.push(reader);
    await waitSynced(reader);
    const text = reader.text().split('\n');
    for (const paragraph of acknowledged) expect(text).toContain(paragraph);
    expect(text).toEqual(typist.typed.slice(0, text.length));
  });
});
