/**
 * History cost (issue 5): 500 versions of a 10-page speech written by two people.
 * Measures storage size, time to list versions, time to diff two versions far apart and
 * time to restore, on the real storage (SQLite in a temp dir) and the real history code.
 *
 *   node --import tsx tests/bench/history.ts [--versions 500]
 *
 * Writes tests/bench/results/history.json. A benchmark, not a test: it asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { contentOf, restoreUpdate } from '@/server/collab/content';
import { Attribution } from '@/server/history/attribution';
import { diffBlocks } from '@/server/history/diff';
import { listVersions } from '@/server/queries/versions';
import { SqliteStorage } from '@/server/storage/sqlite';

const VERSIONS = Number(process.argv[process.argv.indexOf('--versions') + 1]) || 500;
const EDITS_PER_VERSION = 20;
const WORDS =
  'the secretariat welcomes cooperation between member states in trade energy transport culture and education with respect for sovereignty and mutual benefit'.split(
    ' ',
  );

/** Deterministic pseudo-random numbers (mulberry32), so every run edits the same way. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-bench-history-'));
  const storage = new SqliteStorage(path.join(dir, 'communique.db'));
  await storage.open();
  const [alice, bob] = [
    await storage.createUser({ email: 'a@example.org', name: 'A', role: 'drafter', passwordHash: null }),
    await storage.createUser({ email: 'b@example.org', name: 'B', role: 'drafter', passwordHash: null }),
  ];
  const doc = await storage.createDocument({ title: 'Speech', kind: 'speech', language: 'en', datelinePlace: null, datelineDate: null, createdBy: alice.id });
  const server = new Y.Doc({ gc: false });
  const writers = [new Y.Doc(), new Y.Doc()];
  const rand = random(42);

  // A 10-page speech: 100 paragraphs of about 50 words (~33 KB of text).
  const first = writers[0]!;
  first.transact(() => {
    const body = first.getXmlFragment('default');
    for (let p = 0; p < 100; p++) {
      const para = new Y.XmlElement('paragraph');
      para.insert(0, [new Y.XmlText(`${Array.from({ length: 50 }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ')}.`)]);
      body.push([para]);
    }
  });
  const initial = Y.encodeStateAsUpdate(first);
  Y.applyUpdate(server, initial);
  Y.applyUpdate(writers[1]!, initial);
  let seq = await storage.appendUpdates(doc.id, [{ userId: alice.id, data: initial }]);

  const meta = { title: doc.title, kind: doc.kind, language: doc.language, datelinePlace: null, datelineDate: null };
  const started = performance.now();
  for (let v = 0; v < VERSIONS; v++) {
    for (let e = 0; e < EDITS_PER_VERSION; e++) {
      const who = e % 2;
      const writer = writers[who]!;
      Y.applyUpdate(writer, Y.encodeStateAsUpdate(server, Y.encodeStateVector(writer)));
      const body = writer.getXmlFragment('default');
      const text = (body.get(Math.floor(rand() * body.length)) as Y.XmlElement).get(0) as Y.XmlText;
      // What a y-websocket client sends: the update of its own transaction (not a full
      // encodeStateAsUpdate, which would repeat the whole delete set every time).
      let update: Uint8Array = new Uint8Array();
      const capture = (u: Uint8Array) => (update = u);
      writer.on('update', capture);
      if (rand() < 0.5 && text.length > 20) text.delete(Math.floor(rand() * (text.length - 10)), 1 + Math.floor(rand() * 8));
      else text.insert(Math.floor(rand() * text.length), `${WORDS[Math.floor(rand() * WORDS.length)]} `);
      writer.off('update', capture);
      Y.applyUpdate(server, update);
      seq = await storage.appendUpdates(doc.id, [{ userId: who ? bob.id : alice.id, data: update }]);
    }
    const content = contentOf(server, seq);
    await storage.createVersion({ id: `v${v}`, documentId: doc.id, label: null, reason: 'auto', state: 'draft', createdBy: null, meta, ...content });
  }
  const buildSeconds = (performance.now() - started) / 1000;
  await storage.close();

  const dbFile = path.join(dir, 'communique.db');
  const reopened = new SqliteStorage(dbFile);
  await reopened.open();
  const sizes = (await import('better-sqlite3')).default(dbFile, { readonly: true });
  const versionBytes = sizes.prepare('SELECT SUM(LENGTH(ystate)) AS y, SUM(LENGTH(content_deflated)) AS j FROM versions').get() as { y: number; j: number };
  const logBytes = sizes.prepare('SELECT SUM(LENGTH(data)) AS d, COUNT(*) AS n FROM document_updates').get() as { d: number; n: number };
  sizes.close();
  const fileBytes = fs.statSync(dbFile).size + (fs.existsSync(`${dbFile}-wal`) ? fs.statSync(`${dbFile}-wal`).size : 0);

  const actor = { id: alice.id, role: 'admin' as const, email: alice.email, name: alice.name };
  const listTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const list = await listVersions(reopened, actor, doc.id);
    listTimes.push(performance.now() - t);
    if (list.length !== VERSIONS) throw new Error(`expected ${VERSIONS} versions, listed ${list.length}`);
  }

  const diffTimes: number[] = [];
  let changes = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const [a, b] = [(await reopened.findVersion(doc.id, 'v0'))!, (await reopened.findVersion(doc.id, `v${VERSIONS - 1}`))!];
    const attribution = new Attribution();
    attribution.add(await reopened.listUpdates(doc.id, 0));
    const blocks = diffBlocks(a.ystate, b.ystate, attribution);
    diffTimes.push(performance.now() - t);
    changes = blocks.reduce((n, block) => n + block.segments.filter((s) => s.op !== 'equal').length, 0);
  }

  const restoreTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const target = (await reopened.findVersion(doc.id, 'v0'))!;
    const current = new Y.Doc({ gc: false });
    Y.applyUpdate(current, Y.encodeStateAsUpdate(server));
    const update = restoreUpdate(current, target.contentJson);
    await reopened.appendUpdates(doc.id, [{ userId: alice.id, data: update }]);
    Y.applyUpdate(server, update);
    restoreTimes.push(performance.now() - t);
    if (contentOf(current, 0).contentHash !== target.contentHash) throw new Error('restore did not reproduce the version');
    current.destroy();
  }
  await reopened.close();

  const result = {
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    versions: VERSIONS,
    logUpdates: logBytes.n,
    textCharacters: server
      .getXmlFragment('default')
      .toString()
      .replace(/<[^>]+>/g, '').length,
    storage: {
      databaseMB: +(fileBytes / 2 ** 20).toFixed(2),
      versionStatesMB: +(versionBytes.y / 2 ** 20).toFixed(2),
      versionBodiesMB: +(versionBytes.j / 2 ** 20).toFixed(2),
      logMB: +(logBytes.d / 2 ** 20).toFixed(2),
    },
    listVersionsMs: { median: +median(listTimes).toFixed(1) },
    diffFirstToLastMs: { median: +median(diffTimes).toFixed(1), changes },
    restoreMs: { median: +median(restoreTimes).toFixed(1) },
    buildSeconds: +buildSeconds.toFixed(1),
  };
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results', 'history.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.table({
    'database (MB)': result.storage.databaseMB,
    'version states, deflated (MB)': result.storage.versionStatesMB,
    'version bodies, deflated (MB)': result.storage.versionBodiesMB,
    'update log (MB)': result.storage.logMB,
    [`list ${VERSIONS} versions (ms, median)`]: result.listVersionsMs.median,
    [`diff v1 → v${VERSIONS} (ms, median)`]: result.diffFirstToLastMs.median,
    'restore v1 (ms, median)': result.restoreMs.median,
  });
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
