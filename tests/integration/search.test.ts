import path from 'node:path';
import { getSchema } from '@tiptap/core';
import Database from 'better-sqlite3';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentExtensions } from '@/lib/editor/extensions';
import { createDocument, documentIn, transition } from '@/tests/factories/documents';
import { connectClient, waitSynced } from '@/tests/helpers/collab';
import { writeBody } from '@/tests/helpers/content';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type Match = { field: string; snippet: string; highlights: [number, number][] };
type Doc = { id: string; title: string; match?: Match };
type ErrorBody = { error: { code: string; message: string } };
const schema = getSchema(documentExtensions());

const paragraphs = (...texts: string[]) => ({ type: 'doc', content: texts.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) });

/** A speech as the seed's: Azerbaijani with a Kazakh line, long enough that the snippet is a passage. */
const SPEECH = [
  'Hörmətli xanımlar və cənablar! Bu gün Bakıda toplaşan nümayəndə heyətlərini salamlayıram.',
  'Azərbaycan Respublikası ilə Qazaxıstan Respublikası arasında strateji tərəfdaşlıq beynəlxalq təşkilatlar çərçivəsində inkişaf edir, xarici işlər nazirlikləri arasında məsləhətləşmələr davam edir.',
  'Қазақстан Республикасының делегациясына алғыс білдіремін.',
];

/**
 * GET /api/documents?q= over the search index: bodies, titles, datelines and released
 * texts, folded, each result with the passage that matched. A real server, real clients.
 */
describe('full-text search (REST)', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  let speech: string;

  const search = async (role: string, q: string) => {
    const res = await api<Doc[]>(server.url, cookies[role]!, 'GET', `/api/documents?q=${encodeURIComponent(q)}`);
    expect(res.status, q).toBe(200);
    return res.body;
  };
  const marked = (m: Match | undefined) => (m ? m.highlights.map(([s, e]) => m.snippet.slice(s, e)) : []);

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['drafter', 'approver', 'publisher', 'viewer', 'admin']) cookies[role] = await signIn(server.url, `${role}@example.org`);
    speech = await createDocument(server.url, cookies.drafter!, { title: 'Nazirin çıxışı', language: 'az', kind: 'speech' });
    await writeBody(server.url, speech, cookies.drafter!, paragraphs(...SPEECH));
    // The body is indexed once the text settles (a couple of seconds after the last edit).
    await waitFor(async () => (await search('viewer', 'qazaxistan')).some((d) => d.id === speech), 'the speech body to be indexed', 20_000);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('finds “Qazaxıstan” in the body typed with and without the Azerbaijani letters, and marks it in the passage', async () => {
    for (const q of ['qazaxistan', 'Qazaxıstan', 'QAZAXISTAN']) {
      const found = (await search('viewer', q)).find((d) => d.id === speech);
      expect(found?.match?.field, q).toBe('body');
      expect(marked(found?.match), q).toEqual(['Qazaxıstan']);
      expect(found!.match!.snippet).toContain('Azərbaycan Respublikası ilə Qazaxıstan');
    }
  });

  it('folds ə, ş, ç, ı and the rest: “teskilat”, “isler”, “xarici isler” and “cixis” find them', async () => {
    const teskilat = (await search('viewer', 'teskilat')).find((d) => d.id === speech);
    expect(marked(teskilat?.match)).toEqual(['təşkilatlar']);
    const isler = (await search('viewer', 'xarici isler')).find((d) => d.id === speech);
    expect(marked(isler?.match)).toEqual(['xarici', 'işlər']);
    const cixis = (await search('viewer', 'cixis')).find((d) => d.id === speech);
    expect(cixis?.match).toEqual({ field: 'title', snippet: 'Nazirin çıxışı', highlights: [[8, 14]] });
    expect(await search('viewer', 'teskilat yoxdur')).toEqual([]);
  });

  it('finds Cyrillic Kazakh from Latin, and the word being typed by its start', async () => {
    const cyrillic = (await search('viewer', 'qazaxstan')).find((d) => d.id === speech);
    expect(marked(cyrillic?.match)).toEqual(['Қазақстан']);
    const typing = (await search('viewer', 'strateji tərəfdaş')).find((d) => d.id === speech);
    expect(marked(typing?.match)).toEqual(['strateji', 'tərəfdaşlıq']);
  });

  it('never shows a restricted document to someone who is not its member', async () => {
    const secret = await createDocument(server.url, cookies.drafter!, { title: 'Protokol', language: 'az' });
    await writeBody(server.url, secret, cookies.drafter!, paragraphs('Gizli protokol: Qazaxıstan ilə danışıqlar.'));
    await waitFor(async () => (await search('admin', 'gizli protokol')).some((d) => d.id === secret), 'the protocol to be indexed', 20_000);
    const access = await api(server.url, cookies.admin!, 'PUT', `/api/documents/${secret}/access`, { restricted: true, members: ['approver@example.org'] });
    expect(access.status).toBe(200);
    expect((await search('viewer', 'gizli protokol')).map((d) => d.id)).toEqual([]);
    expect((await search('viewer', 'qazaxistan')).map((d) => d.id)).not.toContain(secret);
    expect((await search('approver', 'gizli protokol')).map((d) => d.id)).toEqual([secret]);
    expect((await search('admin', 'qazaxistan')).map((d) => d.id)).toContain(secret);
  });

  it('finds the words of comment threads, for those who may see the document, and forgets a deleted comment', async () => {
    const thread = await api<{ id: string; comments: { id: string }[] }>(server.url, cookies.approver!, 'POST', `/api/documents/${speech}/threads`, {
      anchor: { exact: 'strateji tərəfdaşlıq' },
      body: 'Burada “strateji müttəfiqlik” yazaq?',
    });
    expect(thread.status).toBe(201);
    const found = (await search('viewer', 'muttefiqlik')).find((d) => d.id === speech);
    expect(found?.match?.field).toBe('thread');
    expect(marked(found?.match)).toEqual(['müttəfiqlik']);
    const removed = await api(server.url, cookies.approver!, 'DELETE', `/api/documents/${speech}/comments/${thread.body.comments[0]!.id}`);
    expect(removed.status).toBe(200);
    expect((await search('viewer', 'muttefiqlik')).map((d) => d.id)).not.toContain(speech);
  });

  it('finds the released text after the draft has moved on', async () => {
    const id = await documentIn(server.url, cookies, 'published', {
      title: 'Sammit bəyanatı',
      language: 'az',
      paragraphs: ['Astana sammitinin yekun bəyanatı.'],
    });
    const released = async () => (await search('viewer', 'astana sammitinin')).find((d) => d.id === id)?.match;
    expect((await released())?.field).toBe('body'); // the current text comes first while it says the same
    expect((await transition(server.url, cookies, 'admin', id, { action: 'reopen', comment: 'Yeni redaksiya' })).status).toBe(200);
    const editor = connectClient(server.url, id, cookies.drafter!);
    try {
      await waitSynced(editor);
      const body = editor.ydoc.getXmlFragment('default');
      editor.ydoc.transact(() => {
        body.delete(0, body.length);
        prosemirrorJSONToYXmlFragment(schema, paragraphs('Tamamilə yeni mətn.'), body);
      });
      await waitFor(async () => (await search('viewer', 'tamamile yeni')).some((d) => d.id === id), 'the new body to be indexed', 20_000);
    } finally {
      editor.destroy();
    }
    expect(await released()).toEqual({
      field: 'released',
      snippet: 'Astana sammitinin yekun bəyanatı.',
      highlights: [
        [0, 6],
        [7, 17],
      ],
    });
  });

  it('takes any query: full-text syntax finds what it spells or nothing, never an error', async () => {
    for (const q of [
      '"',
      '*',
      'NEAR(',
      'NEAR(a b)',
      'a OR b',
      '"qazaxistan',
      'qazaxistan*',
      "o'",
      'x:* & !y',
      '(',
      ')',
      '^',
      '-',
      '\\',
      '%',
      '_',
      'AND',
      '::',
      '<->',
    ]) {
      const res = await api<Doc[] | ErrorBody>(server.url, cookies.viewer!, 'GET', `/api/documents?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      expect(Array.isArray(res.body), q).toBe(true);
    }
    expect((await search('viewer', '"qazaxistan*')).map((d) => d.id)).toContain(speech);
  });

  it('refuses a search longer than 200 characters with 422 and a sentence', async () => {
    const res = await api<ErrorBody>(server.url, cookies.viewer!, 'GET', `/api/documents?q=${'a'.repeat(201)}`);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'unprocessable', message: 'The search must be at most 200 characters.' });
    expect((await api(server.url, cookies.viewer!, 'GET', `/api/documents?q=${'a'.repeat(200)}`)).status).toBe(200);
  });
});

/**
 * A database from before search (its documents have no entries) is indexed when the server
 * starts: the title, the dateline and the newest version's body. SQLite file edited between
 * two runs of the real server.
 */
describe.skipIf(process.env.TEST_STORAGE === 'postgres')('search over a database from before search (SQLite)', () => {
  it('indexes at start the documents that have no search entries', async () => {
    const first = await startServer();
    let cookie = await signIn(first.url, 'drafter@example.org');
    const id = await createDocument(first.url, cookie, { title: 'Köhnə bəyanat', language: 'az' });
    await writeBody(first.url, id, cookie, paragraphs('Türkmənistan ilə əməkdaşlıq haqqında.'));
    expect((await api(first.url, cookie, 'POST', `/api/documents/${id}/versions`, { label: 'Köhnə' })).status).toBe(201);
    await first.stop();

    const db = new Database(path.join(first.dataDir, 'communique.db'));
    db.prepare('DELETE FROM search_entries').run();
    db.close();

    const again = await startServer({ dataDir: first.dataDir });
    try {
      cookie = await signIn(again.url, 'drafter@example.org');
      const found = async (q: string) =>
        (await api<Doc[]>(again.url, cookie, 'GET', `/api/documents?q=${encodeURIComponent(q)}`)).body.find((d) => d.id === id)?.match;
      await waitFor(async () => (await found('turkmenistan')) !== undefined, 'the old document to be indexed at start', 20_000);
      expect(await found('turkmenistan')).toEqual({ field: 'body', snippet: 'Türkmənistan ilə əməkdaşlıq haqqında.', highlights: [[0, 12]] });
      expect((await found('kohne beyanat'))?.field).toBe('title');
    } finally {
      await again.stop();
    }
  });
});
