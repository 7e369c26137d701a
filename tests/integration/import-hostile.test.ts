import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { docxEntries, documentXml, zip } from '@/tests/helpers/files';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

/** How long /api/health and a keystroke's round trip may take while a hostile file is refused (generous: old code missed it by tens of seconds). */
const ANSWER_WITHIN_MS = 2_000;
/** Bounds the probing loop; an import that is still in flight after this fails the test. */
const IMPORT_DEADLINE_MS = 90_000;
const NINE_MB = 9 * 1024 * 1024;

type Answer = { status: number; body: { id?: string; warnings?: string[]; error?: { code: string; message: string } } };
type Probe = { healthMs: number; roundTripMs: number };

/** Deflates `head`, `chunk` repeated `times`, then `tail`, streaming (never all of it in memory), with its CRC-32. */
async function deflatedRepeat(head: string, chunk: string, times: number, tail: string): Promise<{ deflated: Buffer; crc: number; size: number }> {
  let crc = 0;
  let size = 0;
  const piece = Buffer.from(chunk, 'utf8');
  function* parts() {
    for (const part of [Buffer.from(head, 'utf8'), ...Array.from({ length: times }, () => piece), Buffer.from(tail, 'utf8')]) {
      crc = zlib.crc32(part, crc);
      size += part.length;
      yield part;
    }
  }
  const deflated = await buffer(Readable.from(parts()).pipe(zlib.createDeflateRaw({ level: 9 })));
  return { deflated, crc, size };
}

/** A DOCX whose word/document.xml is `megabytes` MB of valid paragraphs: a few hundred KB on the wire. */
async function docxBomb(megabytes: number, declaredSize?: number): Promise<Buffer> {
  const [head, tail] = documentXml(['\u0000']).split('<w:p><w:r><w:t xml:space="preserve">\u0000</w:t></w:r></w:p>');
  const paragraph = documentXml(['a'.repeat(4000)]).slice(head!.length, -tail!.length);
  const packed = await deflatedRepeat(head!, paragraph.repeat(16), Math.ceil((megabytes * 1024 * 1024) / (paragraph.length * 16)), tail!);
  return zip(docxEntries({ name: 'word/document.xml', ...packed, ...(declaredSize ? { declaredSize } : {}) }));
}

describe('hostile imports are refused while the server keeps serving everyone else', () => {
  let server: TestServer;
  let cookie: string;
  let typist: CollabClient;
  let reader: CollabClient;
  let probes = 0;

  beforeAll(async () => {
    server = await startServer();
    cookie = await signIn(server.url, 'drafter@example.org');
    const doc = await api<{ id: string }>(server.url, cookie, 'POST', '/api/documents', { title: 'Typed during imports', kind: 'statement', language: 'en' });
    typist = connectClient(server.url, doc.body.id, cookie);
    reader = connectClient(server.url, doc.body.id, cookie);
    await Promise.all([waitSynced(typist), waitSynced(reader)]);
  });
  afterAll(async () => {
    typist?.destroy();
    reader?.destroy();
    await server?.stop();
  });

  /** One health request and one keystroke from the typist seen by the reader, each timed; fails past ANSWER_WITHIN_MS. */
  async function probe(): Promise<Probe> {
    let start = Date.now();
    const health = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) }).catch((err: unknown) => {
      throw new Error(`/api/health did not answer within ${ANSWER_WITHIN_MS} ms (${String(err)})\n${server.output().slice(-2000)}`);
    });
    expect(health.status).toBe(200);
    const healthMs = Date.now() - start;
    const word = `probe-${++probes}`;
    start = Date.now();
    typist.appendParagraph(word);
    await waitFor(() => reader.text().includes(word), `the reader to see “${word}” within ${ANSWER_WITHIN_MS} ms`, ANSWER_WITHIN_MS);
    return { healthMs, roundTripMs: Date.now() - start };
  }

  /** Uploads a file and probes the server until the answer arrives; at least one probe runs while the upload is in flight. */
  async function importWhileProbing(name: string, content: Buffer | string): Promise<{ answer: Answer; probes: Probe[] }> {
    const form = new FormData();
    form.set('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
    let settled = false;
    const upload = fetch(`${server.url}/api/documents/import`, { method: 'POST', headers: { Cookie: cookie }, body: form })
      .then(async (res): Promise<Answer> => ({ status: res.status, body: (await res.json()) as Answer['body'] }))
      .finally(() => (settled = true));
    upload.catch(() => {}); // awaited below; a dead server fails the probes first
    const seen: Probe[] = [];
    const deadline = Date.now() + IMPORT_DEADLINE_MS;
    do {
      seen.push(await probe());
      // Paced, so the probes themselves do not load the two cores the import shares.
      if (!settled) await new Promise((r) => setTimeout(r, 100));
    } while (!settled && Date.now() < deadline);
    if (!settled) throw new Error(`the import of ${name} was not answered within ${IMPORT_DEADLINE_MS} ms`);
    seen.push(await probe()); // and the server is still there afterwards
    return { answer: await upload, probes: seen };
  }

  function expectRefusedWithSentence(answer: Answer): void {
    expect([413, 422]).toContain(answer.status);
    expect(answer.body.error?.code).toBe(answer.status === 413 ? 'too_large' : 'unprocessable');
    expect(answer.body.error?.message).toMatch(/^[A-Z].+\.$/);
  }

  it('9 MB of “[” (link labels: tens of seconds of the main thread) is refused', async () => {
    const { answer } = await importWhileProbing('brackets.md', '['.repeat(NINE_MB));
    expectRefusedWithSentence(answer);
  });

  it('9 MB of “<a ” is refused', async () => {
    const { answer } = await importWhileProbing('tags.md', '<a '.repeat(NINE_MB / 3));
    expectRefusedWithSentence(answer);
  });

  it('a DOCX of a few hundred KB that inflates to 40 MB is refused before it is inflated', async () => {
    const bomb = await docxBomb(40);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const { answer } = await importWhileProbing('bomb.docx', bomb);
    expectRefusedWithSentence(answer);
    expect(answer.status).toBe(413);
  });

  it('the same DOCX declaring a small uncompressed size (a lying header) is refused too', async () => {
    const { answer } = await importWhileProbing('liar.docx', await docxBomb(40, 64 * 1024));
    expectRefusedWithSentence(answer);
  });

  it('a long but ordinary Markdown file (250 KB: an 80-page declaration) is imported, and nobody waits meanwhile', async () => {
    const paragraph =
      'The delegations reaffirmed their commitment to the principles of the Charter and to cooperation in the region, **in particular** on trade. '.repeat(3);
    const markdown = Array.from({ length: 600 }, (_, i) => `${i % 50 === 0 ? `## Section ${i / 50 + 1}\n\n` : ''}${paragraph}`).join('\n\n');
    expect(markdown.length).toBeGreaterThan(250_000);
    const { answer } = await importWhileProbing('long.md', markdown);
    expect(answer.status).toBe(201);
    expect(answer.body.id).toBeTruthy();
  });

  it('a small ordinary DOCX is still imported', async () => {
    const docx = zip(docxEntries({ name: 'word/document.xml', data: Buffer.from(documentXml(['First paragraph.', 'Second paragraph.']), 'utf8') }));
    const { answer } = await importWhileProbing('small.docx', docx);
    expect(answer.status).toBe(201);
    expect(answer.body.warnings).toEqual([]);
  });

  it('9 MB of “*a” (emphasis delimiters: ran the server out of memory) is refused', async () => {
    const { answer } = await importWhileProbing('stars.md', '*a'.repeat(NINE_MB / 2));
    expectRefusedWithSentence(answer);
  });
});
