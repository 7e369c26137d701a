import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { canonicalContentJson } from '@/lib/editor/content';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type Imported = { id: string };
type Version = { id: string };

/** What Yjs writes to stderr when a second copy of it is loaded into a process that has one. */
const SECOND_COPY = 'Yjs was already imported';

/**
 * One copy of Yjs in the server process (scripts/server-bundle.mjs, `oneYjs`): the
 * collaboration server, y-protocols, @tiptap/y-tiptap (imports, restores) and Next's route
 * handlers and pages all use the same module. A Y.Doc built by one copy and written by
 * another fails its `instanceof` checks; Yjs also says so in the log.
 */
describe('one copy of Yjs in the server', () => {
  let server: TestServer;
  let drafter: string;
  const clients: CollabClient[] = [];
  /** The body as ProseMirror JSON, as a client holds it. */
  const body = (c: CollabClient) => JSON.stringify(yXmlFragmentToProsemirrorJSON(c.ydoc.getXmlFragment('default')));
  const client = (id: string) => {
    const c = connectClient(server.url, id, drafter);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startServer();
    drafter = await signIn(server.url, 'drafter@example.org');
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it('imports, restores and renders through Yjs without a second copy of it', async () => {
    // An import: y-tiptap writes the converted body into the server's Y.Doc (replaceContent).
    const form = new FormData();
    form.set('file', new Blob(['# Statement\n\nFirst **bold** paragraph.\n\n- one\n- two\n']), 'statement.md');
    const imported = await fetch(`${server.url}/api/documents/import`, { method: 'POST', headers: { Cookie: drafter }, body: form });
    expect(imported.status).toBe(201);
    const { id } = (await imported.json()) as Imported;

    const a = client(id);
    await waitSynced(a);
    const asImported = body(a);
    const paragraph = (...content: object[]) => ({ type: 'paragraph', content });
    const text = (t: string) => ({ type: 'text', text: t });
    const item = (t: string) => ({ type: 'listItem', content: [paragraph(text(t))] });
    // In canonical form (the content hash's), so y-tiptap's way of writing empty attributes does not matter.
    expect(JSON.parse(canonicalContentJson(JSON.parse(asImported)))).toEqual({
      type: 'doc',
      content: [
        paragraph(text('First '), { ...text('bold'), marks: [{ type: 'bold' }] }, text(' paragraph.')),
        { type: 'bulletList', content: [item('one'), item('two')] },
      ],
    });

    // Next's route handler lists versions with its Yjs; the page renders the editor with it.
    const kept = await api<Version>(server.url, drafter, 'POST', `/api/documents/${id}/versions`, { label: 'Imported' });
    expect(kept.status).toBe(201);
    expect((await api<Version[]>(server.url, drafter, 'GET', `/api/documents/${id}/versions`)).status).toBe(200);
    const page = await fetch(`${server.url}/documents/${id}`, { headers: { Cookie: drafter } });
    expect(page.status).toBe(200);

    // A restore: y-tiptap turns the live body back into the version's, on the live Y.Doc.
    a.appendParagraph('Typed after the import.');
    await waitFor(() => a.text().endsWith('Typed after the import.'), 'the typed paragraph');
    expect((await api(server.url, drafter, 'POST', `/api/documents/${id}/versions/${kept.body.id}/restore`)).status).toBe(200);
    await waitFor(() => body(a) === asImported, 'the restored body at the client');
    const fresh = client(id);
    await waitSynced(fresh);
    expect(body(fresh)).toBe(asImported);

    expect(server.output()).not.toContain(SECOND_COPY);
  });
});
