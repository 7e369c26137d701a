import path from 'node:path';
import Database from 'better-sqlite3';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MESSAGE } from '@/lib/collab/protocol';
import { createDocument } from '@/tests/factories/documents';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { signIn } from '@/tests/helpers/session';

describe('durability', () => {
  const servers: TestServer[] = [];
  const clients: CollabClient[] = [];
  const start = async (...args: Parameters<typeof startServer>) => {
    const s = await startServer(...args);
    servers.push(s);
    return s;
  };
  const client = (server: TestServer, docId: string, cookie: string) => {
    const c = connectClient(server.url, docId, cookie);
    clients.push(c);
    return c;
  };

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const s of servers.splice(0)) await s.kill9();
  });

  it('a restart keeps the text', async () => {
    const server = await start();
    const cookie = await signIn(server.url, 'drafter@example.org');
    const docId = await createDocument(server.url, cookie);
    const a = client(server, docId, cookie);
    await waitSynced(a);
    a.appendParagraph('Hörmətli xanımlar və cənablar');
    const b = client(server, docId, cookie);
    await waitFor(() => b.text().includes('xanımlar'), 'a second client to receive the edit');
    a.destroy();
    b.destroy();
    await server.stop();

    const again = await start({ dataDir: server.dataDir });
    const cookieAgain = await signIn(again.url, 'drafter@example.org');
    const c = client(again, docId, cookieAgain);
    await waitSynced(c);
    expect(c.text()).toBe('Hörmətli xanımlar və cənablar');
  });

  it('kill -9 right after an edit that another client received loses nothing, and clients carry on', async () => {
    const server = await start();
    const [drafter, reviewer] = await Promise.all([signIn(server.url, 'drafter@example.org'), signIn(server.url, 'reviewer@example.org')]);
    const docId = await createDocument(server.url, drafter);
    const a = client(server, docId, drafter);
    const b = client(server, docId, reviewer);
    await Promise.all([waitSynced(a), waitSynced(b)]);
    for (let i = 1; i <= 20; i++) a.appendParagraph(`line ${i}: Қазақстан ӘҒҚҢӨҰҮҺІ`);
    await waitFor(() => b.text().includes('line 20:'), 'B to receive the last line');
    await server.kill9();

    // Same port: the providers of A and B reconnect by themselves.
    const again = await start({ dataDir: server.dataDir, port: server.port });
    const fresh = client(again, docId, await signIn(again.url, 'viewer@example.org'));
    await waitSynced(fresh);
    for (let i = 1; i <= 20; i++) expect(fresh.text()).toContain(`line ${i}: Қазақстан ӘҒҚҢӨҰҮҺІ`);

    await waitFor(() => a.provider.wsconnected && b.provider.wsconnected, 'A and B to reconnect', 20_000);
    b.appendParagraph('after the crash, from B');
    await waitFor(() => a.text().includes('after the crash, from B') && fresh.text().includes('after the crash'), 'the new edit everywhere');
    expect(a.text()).toBe(b.text());
  });

  it('folding the log into a snapshot keeps every update with its author', async () => {
    const server = await start();
    const [drafter, reviewer] = await Promise.all([signIn(server.url, 'drafter@example.org'), signIn(server.url, 'reviewer@example.org')]);
    const docId = await createDocument(server.url, drafter);
    const a = client(server, docId, drafter);
    const b = client(server, docId, reviewer);
    await Promise.all([waitSynced(a), waitSynced(b)]);
    for (let i = 0; i < 600; i++) a.appendParagraph(`a${i}`);
    for (let i = 0; i < 600; i++) b.appendParagraph(`b${i}`);
    await waitFor(() => a.text().includes('b599') && b.text().includes('a599'), 'all 1,200 edits on both clients');
    a.destroy();
    b.destroy();
    await server.stop();

    const db = new Database(path.join(server.dataDir, 'communique.db'), { readonly: true });
    const snapshots = db.prepare('SELECT upto_seq FROM document_snapshots WHERE document_id = ?').all(docId);
    const authors = db
      .prepare(
        'SELECT u.email AS email, COUNT(*) AS n FROM document_updates d JOIN users u ON u.id = d.user_id WHERE document_id = ? GROUP BY u.email ORDER BY u.email',
      )
      .all(docId);
    db.close();
    expect(snapshots.length).toBe(1);
    expect(authors).toEqual([
      { email: 'drafter@example.org', n: 600 },
      { email: 'reviewer@example.org', n: 600 },
    ]);

    const again = await start({ dataDir: server.dataDir });
    const c = client(again, docId, await signIn(again.url, 'drafter@example.org'));
    await waitSynced(c);
    expect(c.text().split('\n')).toHaveLength(1200);
  });

  it('after a restart, edits on a document served from its sealed snapshot are kept and relayed', async () => {
    const server = await start();
    const cookie = await signIn(server.url, 'drafter@example.org');
    const docId = await createDocument(server.url, cookie);
    const a = client(server, docId, cookie);
    await waitSynced(a);
    for (let i = 1; i <= 5; i++) a.appendParagraph(`before ${i}`);
    const b = client(server, docId, cookie);
    await waitFor(() => b.text().includes('before 5'), 'the edits to be relayed');
    a.destroy();
    b.destroy();
    await server.stop();

    // The document left memory with a snapshot and no log after it: the first reader gets
    // the stored bytes, the server builds its copy after, and editing carries on.
    const again = await start({ dataDir: server.dataDir });
    const cookieAgain = await signIn(again.url, 'drafter@example.org');
    const c = client(again, docId, cookieAgain);
    await waitSynced(c);
    expect(c.text().split('\n')).toEqual(['before 1', 'before 2', 'before 3', 'before 4', 'before 5']);
    c.appendParagraph('after the restart');
    const d = client(again, docId, cookieAgain);
    await waitFor(() => d.text().includes('after the restart'), 'the new edit at a second client');
    expect(d.text()).toBe(c.text());
    c.destroy();
    d.destroy();
    await again.stop();

    const third = await start({ dataDir: server.dataDir });
    const e = client(third, docId, await signIn(third.url, 'drafter@example.org'));
    await waitSynced(e);
    expect(e.text().split('\n')).toEqual(['before 1', 'before 2', 'before 3', 'before 4', 'before 5', 'after the restart']);
  });

  it('after a restart, fresh readers, a returning editor with work of its own and the stored acknowledgement all come right before anyone else types', async () => {
    const server = await start();
    const cookie = await signIn(server.url, 'drafter@example.org');
    const docId = await createDocument(server.url, cookie);
    const a = client(server, docId, cookie);
    await waitSynced(a);
    for (let i = 1; i <= 3; i++) a.appendParagraph(`stored ${i}`);
    const b = client(server, docId, cookie);
    await waitFor(() => b.text().includes('stored 3'), 'the edits to be relayed');
    // The returning editor: a copy of what it had, with a paragraph typed while the server was down.
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(a.ydoc));
    a.destroy();
    b.destroy();
    await server.stop();
    offline.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('typed while the server was down')]);
      offline.getXmlFragment('default').push([paragraph]);
    });

    const again = await start({ dataDir: server.dataDir });
    const cookieAgain = await signIn(again.url, 'drafter@example.org');
    // Two fresh readers at once are both served the stored bytes, before the server's copy is built.
    const [c, d] = [client(again, docId, cookieAgain), client(again, docId, cookieAgain)];
    // A fresh client that asks what of its work is stored hears back (after the build), though nobody types.
    let storedReply = false;
    c.provider.messageHandlers[MESSAGE.stored] = () => void (storedReply = true);
    await Promise.all([waitSynced(c), waitSynced(d)]);
    expect(c.text().split('\n')).toEqual(['stored 1', 'stored 2', 'stored 3']);
    expect(d.text()).toBe(c.text());
    const ask = encoding.createEncoder();
    encoding.writeVarUint(ask, MESSAGE.stored);
    encoding.writeVarUint(ask, c.ydoc.clientID);
    c.provider.ws!.send(encoding.toUint8Array(ask));
    await waitFor(() => storedReply, 'the stored acknowledgement', 5000);

    const returning = connectClient(again.url, docId, cookieAgain, undefined, offline);
    clients.push(returning);
    await waitFor(
      () => [c, d, returning].every((x) => x.text() === 'stored 1\nstored 2\nstored 3\ntyped while the server was down'),
      'the offline paragraph everywhere',
    );
  });

  it('a document that fails to load is refused, not served empty', async () => {
    const server = await start();
    const cookie = await signIn(server.url, 'drafter@example.org');
    const docId = await createDocument(server.url, cookie);
    const a = client(server, docId, cookie);
    await waitSynced(a);
    a.appendParagraph('text that must never be saved over');
    const b = client(server, docId, cookie);
    await waitFor(() => b.text().includes('never be saved over'), 'the edit to be relayed');
    a.destroy();
    b.destroy();
    await server.stop();

    const file = path.join(server.dataDir, 'communique.db');
    const damaged = Buffer.from([1, 1, 200, 200, 200, 200, 15, 0xff, 0xff]); // valid framing, not a Yjs update
    const db = new Database(file);
    const before = db.prepare('SELECT COUNT(*) AS n FROM document_updates WHERE document_id = ?').get(docId) as { n: number };
    // Damage whatever loading reads first: the snapshot written when the document left memory.
    const damagedSnapshot = db.prepare('UPDATE document_snapshots SET state = ? WHERE document_id = ?').run(damaged, docId).changes;
    if (damagedSnapshot === 0) db.prepare('UPDATE document_updates SET data = ? WHERE document_id = ? AND seq = 1').run(damaged, docId);
    db.close();

    const again = await start({ dataDir: server.dataDir });
    const cookieAgain = await signIn(again.url, 'drafter@example.org');
    const outcome = await new Promise<string>((resolve) => {
      const c = connectClient(again.url, docId, cookieAgain);
      clients.push(c);
      c.provider.on('connection-close', () => resolve('refused'));
      c.provider.on('connection-error', () => resolve('refused'));
      c.provider.on('sync', () => resolve('served'));
    });
    expect(outcome).toBe('refused');
    for (const c of clients.splice(0)) c.destroy();
    await again.stop();

    const check = new Database(file, { readonly: true });
    const after = check.prepare('SELECT COUNT(*) AS n FROM document_updates WHERE document_id = ?').get(docId) as { n: number };
    const snapshots = check.prepare('SELECT state FROM document_snapshots WHERE document_id = ?').all(docId) as { state: Buffer }[];
    check.close();
    expect(after.n).toBe(before.n);
    // Nothing was saved over the damaged state: it is still there for an operator to repair.
    if (damagedSnapshot) expect(snapshots.map((s) => Buffer.compare(s.state, damaged))).toEqual([0]);
    else expect(snapshots).toEqual([]);
  });
});
