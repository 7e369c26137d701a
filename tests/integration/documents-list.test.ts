import { getSchema } from '@tiptap/core';
import { Node as PMNode } from '@tiptap/pm/model';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentExtensions } from '@/lib/editor/extensions';
import { skeletonFor } from '@/lib/text/skeletons';
import { createDocument, moveTo } from '@/tests/factories/documents';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type Doc = { id: string; title: string; kind: string; language: string; state: string; updatedBy: { name: string } | null };
type ErrorBody = { error: { code: string; message: string } };
type Presence = Record<string, { id: string; name: string }[]>;
const schema = getSchema(documentExtensions());

/**
 * GET /api/documents with search, filters and collation-aware sorting; POST with a
 * skeleton; GET /api/documents/presence. A real server on a loopback port, real clients.
 */
describe('the documents list and new documents (REST)', () => {
  let server: TestServer;
  const cookies: Record<string, string> = {};
  const clients: CollabClient[] = [];

  // Titles whose order differs between alphabets. Hand-checked against each alphabet:
  // Azerbaijani  a b c ç d e ə f g ğ h x ı i j k q l m n o ö p r s ş t u ü v y z
  // Turkish      a b c ç d e f g ğ h ı i j k l m n o ö p r s ş t u ü v y z
  // Kazakh       а ә б в г ғ д е ё ж з и й к қ л м н ң о ө п р с т у ұ ү ф х һ ц ч ш щ ъ ы і ь э ю я
  const AZ = [
    'Qərar layihəsi',
    'Çağırış',
    'İqtisadi əməkdaşlıq',
    'Xəbər bülleteni',
    'Cənub qaz dəhlizi',
    'Işıq ili',
    'Kənd təsərrüfatı',
    'Həftəlik icmal',
    'Ərazi bütövlüyü',
    'Ekologiya',
  ];
  const AZ_ORDER = [
    'Cənub qaz dəhlizi',
    'Çağırış',
    'Ekologiya',
    'Ərazi bütövlüyü',
    'Həftəlik icmal',
    'Xəbər bülleteni',
    'Işıq ili',
    'İqtisadi əməkdaşlıq',
    'Kənd təsərrüfatı',
    'Qərar layihəsi',
  ];
  const TR = ['İnsan hakları', 'Çevre', 'Irmak', 'Cumhuriyet', 'Ilık', 'Güneş', 'Ğ harfi', 'Okul', 'Öğretmen'];
  const TR_ORDER = ['Cumhuriyet', 'Çevre', 'Güneş', 'Ğ harfi', 'Ilık', 'Irmak', 'İnsan hakları', 'Okul', 'Öğretmen'];
  const KK = ['Өнер', 'Алма', 'Құрылтай', 'Әлем', 'Орал', 'Кеңес', 'Іскер', 'Ынтымақ', 'Ұлт', 'Уақыт'];
  const KK_ORDER = ['Алма', 'Әлем', 'Кеңес', 'Құрылтай', 'Орал', 'Өнер', 'Уақыт', 'Ұлт', 'Ынтымақ', 'Іскер'];

  const titles = async (role: string, query: string) => {
    const res = await api<Doc[]>(server.url, cookies[role]!, 'GET', `/api/documents${query}`);
    expect(res.status, query).toBe(200);
    return res.body.map((d) => d.title);
  };

  beforeAll(async () => {
    server = await startServer();
    for (const role of ['drafter', 'reviewer', 'viewer', 'admin']) cookies[role] = await signIn(server.url, `${role}@example.org`);
    for (const title of AZ) await createDocument(server.url, cookies.drafter!, { title, language: 'az', kind: 'statement' });
    for (const title of TR) await createDocument(server.url, cookies.drafter!, { title, language: 'tr', kind: 'press_release' });
    for (const title of KK) await createDocument(server.url, cookies.drafter!, { title, language: 'kk', kind: 'speech' });
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.stop();
  });

  it('sorts Azerbaijani titles in the Azerbaijani alphabet: C before Ç, H before X before I before İ, K before Q', async () => {
    expect(await titles('viewer', '?language=az&sort=title')).toEqual(AZ_ORDER);
    expect(await titles('viewer', '?language=az&sort=title-desc')).toEqual([...AZ_ORDER].reverse());
  });

  it('sorts Turkish titles with dotless I before dotted İ, and Kazakh titles with Ә after А, Қ after К, Ө after О, І after Ы', async () => {
    expect(await titles('viewer', '?language=tr&sort=title')).toEqual(TR_ORDER);
    expect(await titles('viewer', '?language=kk&sort=title')).toEqual(KK_ORDER);
  });

  it('the alphabet can be chosen apart from the filter: the same titles in English order differ', async () => {
    const english = await titles('viewer', '?language=az&sort=title&collation=en');
    // English ignores the cedilla and the dots at the first level: Ç sorts with C, İ and I together.
    expect(english.slice(0, 2)).toEqual(['Çağırış', 'Cənub qaz dəhlizi']);
    expect(english).not.toEqual(AZ_ORDER);
    expect([...english].sort()).toEqual([...AZ_ORDER].sort());
  });

  it('without a language filter or a chosen alphabet, the reader’s Accept-Language decides', async () => {
    const res = await fetch(`${server.url}/api/documents?kind=statement&sort=title`, {
      headers: { Cookie: cookies.viewer!, 'Accept-Language': 'az-AZ,az;q=0.9,en;q=0.5' },
    });
    expect(((await res.json()) as Doc[]).map((d) => d.title)).toEqual(AZ_ORDER);
  });

  it('searches titles ignoring case, accents and dotted/dotless i, every word', async () => {
    expect(await titles('viewer', `?q=${encodeURIComponent('işiq')}`)).toEqual(['Işıq ili']);
    expect(await titles('viewer', `?q=${encodeURIComponent('insan')}`)).toEqual(['İnsan hakları']);
    expect(await titles('viewer', `?q=${encodeURIComponent('IQTISADI əməkdaşlıq')}`)).toEqual(['İqtisadi əməkdaşlıq']);
    expect(await titles('viewer', `?q=${encodeURIComponent('құрылтай')}`)).toEqual(['Құрылтай']);
    expect(await titles('viewer', `?q=${encodeURIComponent('iqtisadi nothing')}`)).toEqual([]);
  });

  it('filters by kind, language and state, and combines them', async () => {
    expect((await titles('viewer', '?kind=press_release')).sort()).toEqual([...TR].sort());
    expect(await titles('viewer', '?kind=press_release&language=az')).toEqual([]);
    const [id] = (await api<Doc[]>(server.url, cookies.drafter!, 'GET', `/api/documents?q=${encodeURIComponent('Ekologiya')}`)).body.map((d) => d.id);
    await moveTo(server.url, cookies, id!, 'in_review');
    expect(await titles('viewer', '?state=in_review')).toEqual(['Ekologiya']);
    expect(await titles('viewer', '?state=in_review&kind=speech')).toEqual([]);
    expect(await titles('viewer', '?state=draft&language=az&sort=title')).toEqual(AZ_ORDER.filter((t) => t !== 'Ekologiya'));
  });

  it('a restricted document stays invisible to others, searched or not', async () => {
    const id = await createDocument(server.url, cookies.drafter!, { title: 'Gizli qeyd', language: 'az' });
    expect((await api(server.url, cookies.drafter!, 'PUT', `/api/documents/${id}/access`, { restricted: true, members: [] })).status).toBe(200);
    expect(await titles('viewer', `?q=gizli`)).toEqual([]);
    expect(await titles('drafter', `?q=gizli`)).toEqual(['Gizli qeyd']);
  });

  it('answers 400 with a sentence for a parameter it cannot use, 422 for a search over 200 characters', async () => {
    const long = await api<ErrorBody>(server.url, cookies.viewer!, 'GET', `/api/documents?q=${'x'.repeat(201)}`);
    expect([long.status, long.body.error.code]).toEqual([422, 'unprocessable']);
    for (const query of ['?kind=memo', '?state=deleted', '?sort=random', `?language=${encodeURIComponent('not a tag!')}`]) {
      const res = await api<ErrorBody>(server.url, cookies.viewer!, 'GET', `/api/documents${query}`);
      expect([res.status, res.body.error.code], query).toEqual([400, 'bad_request']);
      expect(res.body.error.message.length).toBeGreaterThan(10);
    }
    expect((await api(server.url, null, 'GET', '/api/documents?kind=memo')).status).toBe(401);
  });

  /** The body every client sees, read by a real y-websocket client. */
  async function bodyOf(id: string): Promise<unknown> {
    const client = connectClient(server.url, id, cookies.viewer!);
    try {
      await waitSynced(client);
      const node = PMNode.fromJSON(schema, yXmlFragmentToProsemirrorJSON(client.ydoc.getXmlFragment('default')));
      node.check();
      return node.toJSON();
    } finally {
      client.destroy();
    }
  }

  it('a document created with skeleton: true starts with its kind’s skeleton in its language, through the Yjs path', async () => {
    const dateline = { place: 'Bakı', date: '2022-01-11' };
    const created = await api<Doc>(server.url, cookies.drafter!, 'POST', '/api/documents', {
      title: 'Nazirlər görüşü',
      kind: 'press_release',
      language: 'az',
      dateline,
      skeleton: true,
    });
    expect(created.status).toBe(201);
    const expected = skeletonFor({ kind: 'press_release', language: 'az', title: 'Nazirlər görüşü', dateline });
    expect(await bodyOf(created.body.id)).toEqual(PMNode.fromJSON(schema, expected).toJSON());
    // What the skeleton is, hand-checked, so the test does not only compare the code with itself.
    const blocks = (expected.content ?? []).map((b) => b.type);
    expect(blocks).toEqual(['heading', 'paragraph', 'paragraph', 'paragraph', 'paragraph', 'heading', 'orderedList', 'heading', 'paragraph']);
    expect(JSON.stringify(expected)).toContain('BAKI, 11 yanvar 2022 – ');
    expect(JSON.stringify(expected)).toContain('"SON"');

    // The skeleton is an edit by its creator in the collaboration log (attribution comes from it).
    const version = await api<{ authors: { name: string }[] }>(server.url, cookies.drafter!, 'POST', `/api/documents/${created.body.id}/versions`, {
      label: 'Skeleton',
    });
    expect(version.status).toBe(201);
    const versions = await api<{ authors: { name: string }[] }[]>(server.url, cookies.viewer!, 'GET', `/api/documents/${created.body.id}/versions`);
    expect([...new Set(versions.body.flatMap((v) => v.authors.map((a) => a.name)))]).toEqual(['Daniyar Seitkali']);

    const speech = await api<Doc>(server.url, cookies.drafter!, 'POST', '/api/documents', { title: 'Речь', kind: 'speech', language: 'ru', skeleton: true });
    const body = (await bodyOf(speech.body.id)) as { content: { content?: { text: string }[] }[] };
    expect(body.content.map((p) => p.content?.map((t) => t.text).join('') ?? '')).toEqual([
      'Ваши превосходительства, дамы и господа!',
      '[Вступление: благодарность организаторам и цель встречи.]',
      '[Основная часть: по одному тезису в абзаце.]',
      '[Заключение: главная мысль, которую должна унести аудитория.]',
      'Благодарю за внимание.',
    ]);
  });

  it('without skeleton (the contract’s body) a new document stays empty; a wrong type for skeleton is 400', async () => {
    const id = await createDocument(server.url, cookies.drafter!, { title: 'Empty', kind: 'press_release', language: 'en' });
    const client = connectClient(server.url, id, cookies.viewer!);
    clients.push(client);
    await waitSynced(client);
    expect(client.ydoc.getXmlFragment('default').length).toBe(0);
    const wrong = await api<ErrorBody>(server.url, cookies.drafter!, 'POST', '/api/documents', { title: 'x', kind: 'speech', language: 'en', skeleton: 'yes' });
    expect(wrong.status).toBe(400);
    const viewer = await api<ErrorBody>(server.url, cookies.viewer!, 'POST', '/api/documents', { title: 'x', kind: 'speech', language: 'en', skeleton: true });
    expect(viewer.status).toBe(403);
  });

  it('the documents page shows fifty rows at a time and pages through hundreds of documents in order', async () => {
    const many = Array.from({ length: 130 }, (_, i) => `Bulk notice ${i + 1}`);
    for (const title of many) await createDocument(server.url, cookies.admin!, { title, language: 'en' });
    const page = async (n: number) => {
      const res = await fetch(`${server.url}/documents?q=bulk&sort=title&collation=en&page=${n}`, { headers: { Cookie: cookies.viewer! } });
      expect(res.status).toBe(200);
      const html = (await res.text()).replaceAll('<!-- -->', '');
      return { html, titles: [...html.matchAll(/class="doc-title"[^>]*>([^<]+)</g)].map((m) => m[1]) };
    };
    const first = await page(1);
    // Numbers compare by value: 1, 2, … 50 (not 1, 10, 100, 101, …).
    expect(first.titles).toEqual(many.slice(0, 50));
    expect(first.html).toContain('Page 1 of 3');
    const third = await page(3);
    expect(third.titles).toHaveLength(30);
    expect(third.titles.at(-1)).toBe('Bulk notice 130');
  });

  it('presence lists who has each visible document open now, and forgets them when they leave', async () => {
    const id = await createDocument(server.url, cookies.drafter!, { title: 'Open now', language: 'en' });
    const presence = async () => (await api<Presence>(server.url, cookies.viewer!, 'GET', '/api/documents/presence')).body;
    expect((await presence())[id]).toBeUndefined();
    const reviewer = connectClient(server.url, id, cookies.reviewer!);
    clients.push(reviewer);
    await waitSynced(reviewer);
    await waitFor(async () => (await presence())[id]?.map((p) => p.name).join() === 'Rustam Karimov', 'the reviewer to be listed in the document');
    reviewer.destroy();
    await waitFor(async () => (await presence())[id] === undefined, 'the reviewer to leave the document');
    expect((await api(server.url, null, 'GET', '/api/documents/presence')).status).toBe(401);
  });
});
