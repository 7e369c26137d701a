import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openSnapshot } from '@/server/collab/snapshot-seal';
import { SqliteStorage } from '@/server/storage/sqlite';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { unzip } from '@/tests/helpers/files';
import { hasPoppler, pdfUrls } from '@/tests/helpers/pdf';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';
import { createDocument } from '@/tests/factories/documents';

const SAFE = 'https://example.org/statement';
const UNSAFE = ['javascript:alert(document.cookie)', 'file:///etc/passwd'];

/** Formats the first `length` characters of the body's first text as a link to `href`, as y-prosemirror stores a link mark. */
function setLink(doc: Y.Doc, href: string, from: number, length: number): void {
  const paragraph = doc.getXmlFragment('default').get(0) as Y.XmlElement;
  (paragraph.get(0) as Y.XmlText).format(from, length, { link: { href, target: '_blank', rel: 'noopener noreferrer nofollow', class: null } });
}

describe('link targets: only http, https and mailto reach stored text and exports', () => {
  let server: TestServer;
  let drafter: string;
  const clients: CollabClient[] = [];

  beforeAll(async () => {
    server = await startServer();
    drafter = await signIn(server.url, 'drafter@example.org');
  });
  afterAll(async () => {
    for (const c of clients) {
      try {
        c.destroy();
      } catch {
        // destroyed by its test already
      }
    }
    await server?.stop();
  });

  async function exports(id: string): Promise<{ docxTargets: string[]; pdfUrls: string[]; pdfRaw: string }> {
    const get = async (format: string) => {
      const res = await fetch(`${server.url}/api/documents/${id}/export.${format}`, { headers: { Cookie: drafter } });
      expect(res.status).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    const docx = unzip(await get('docx'));
    const rels = [...docx.entries()].filter(([name]) => name.endsWith('.rels')).map(([, bytes]) => bytes.toString('utf8'));
    const docxTargets = rels.flatMap((r) => [...r.matchAll(/Target="([^"]*)"/g)].map((m) => m[1]!));
    const pdf = await get('pdf');
    return { docxTargets, pdfUrls: hasPoppler() ? await pdfUrls(pdf) : [], pdfRaw: pdf.toString('latin1') };
  }

  function expectNoUnsafeTarget(out: { docxTargets: string[]; pdfUrls: string[]; pdfRaw: string }): void {
    for (const href of UNSAFE) {
      const scheme = href.slice(0, href.indexOf(':') + 1);
      expect(out.docxTargets.join('\n')).not.toContain(scheme);
      expect(out.pdfUrls.join('\n')).not.toContain(scheme);
      expect(out.pdfRaw).not.toContain(scheme);
    }
    // The safe link is still a link in both: the check above is not passing on exports without links.
    expect(out.docxTargets.join('\n')).toContain(SAFE);
    expect(out.pdfRaw).toContain(SAFE);
    // Besides it, only the verification block's own link to this server's /verify/<hash> page.
    if (hasPoppler() || process.env.CI) expect(out.pdfUrls.filter((url) => !url.startsWith(`${server.url}/verify/`))).toEqual([SAFE]);
  }

  it('a y-websocket client that sets a javascript: or file:// link is refused, and neither reaches the DOCX or the PDF', async () => {
    const id = await createDocument(server.url, drafter);
    const writer = connectClient(server.url, id, drafter);
    const reader = connectClient(server.url, id, drafter);
    clients.push(writer, reader);
    await Promise.all([waitSynced(writer), waitSynced(reader)]);
    writer.appendParagraph('Safe link, script link, file link.');
    setLink(writer.ydoc, SAFE, 0, 4);
    await waitFor(() => JSON.stringify(reader.ydoc.getXmlFragment('default').toJSON()).includes(SAFE), 'the safe link to reach a second client');

    const closes: number[] = [];
    writer.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    setLink(writer.ydoc, UNSAFE[0]!, 11, 6);
    setLink(writer.ydoc, UNSAFE[1]!, 25, 4);
    await waitFor(() => closes.length > 0, 'the server to close the connection that sent unsafe links');
    expect(closes[0]).toBe(1007);
    writer.destroy();

    // Nothing of it was stored or relayed: a fresh client sees only the safe link.
    const fresh = connectClient(server.url, id, drafter);
    clients.push(fresh);
    await waitSynced(fresh);
    const body = JSON.stringify(fresh.ydoc.getXmlFragment('default').toJSON());
    expect(body).toContain(SAFE);
    for (const href of UNSAFE) expect(body).not.toContain(href);
    expectNoUnsafeTarget(await exports(id));
  });

  it('links stored before the check (written into the log directly) are exported as plain text', async () => {
    const id = await createDocument(server.url, drafter);
    const writer = connectClient(server.url, id, drafter);
    const reader = connectClient(server.url, id, drafter);
    clients.push(writer, reader);
    await Promise.all([waitSynced(writer), waitSynced(reader)]);
    writer.appendParagraph('Safe link, script link, file link.');
    setLink(writer.ydoc, SAFE, 0, 4);
    await waitFor(() => JSON.stringify(reader.ydoc.getXmlFragment('default').toJSON()).includes(SAFE), 'the safe link to be committed');
    const meta = await api<{ createdBy: { id: string } }>(server.url, drafter, 'GET', `/api/documents/${id}`);
    writer.destroy();
    reader.destroy();
    await server.stop();

    // An update with unsafe links appended to the log behind the server's back, as one from before the check would be.
    const storage = new SqliteStorage(path.join(server.dataDir, 'communique.db'));
    await storage.open();
    try {
      const stored = await storage.loadDocumentState(id);
      const doc = new Y.Doc({ gc: false });
      if (stored.snapshot) Y.applyUpdate(doc, openSnapshot(stored.snapshot.state).state);
      for (const u of stored.updates) Y.applyUpdate(doc, u.data);
      const before = Y.encodeStateVector(doc);
      setLink(doc, UNSAFE[0]!, 11, 6);
      setLink(doc, UNSAFE[1]!, 25, 4);
      await storage.appendUpdates(id, [{ userId: meta.body.createdBy.id, data: Y.encodeStateAsUpdate(doc, before) }]);
    } finally {
      await storage.close();
    }
    server = await startServer({ dataDir: server.dataDir });
    drafter = await signIn(server.url, 'drafter@example.org');

    const after = connectClient(server.url, id, drafter);
    clients.push(after);
    await waitSynced(after);
    expect(JSON.stringify(after.ydoc.getXmlFragment('default').toJSON())).toContain(UNSAFE[0]); // it is in the log
    expectNoUnsafeTarget(await exports(id));
  }, 120_000); // a restart of the server, and two exports
});
