import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { createDocument } from '@/tests/factories/documents';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { signIn } from '@/tests/helpers/session';

/**
 * The collaboration socket is an edge: anything a signed-in writer's browser (or a script
 * with their cookie) sends must at worst close that one connection. These tests throw
 * seeded garbage at it and then check that the process, the document and its other
 * connections are all still fine — including after a restart, since a garbage update that
 * reached the log would make the document unloadable.
 */

/** Replay a failure with FUZZ_SEED=<the printed seed>; FUZZ_FRAMES=<n> makes a longer soak. */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 0x5eed_c0de;
const FRAMES = process.env.FUZZ_FRAMES ? Number(process.env.FUZZ_FRAMES) : 1000;
const SMALL_LIMIT = 64 * 1024;
const DEFAULT_LIMIT = 2 * 1024 * 1024;

/** y-websocket message types and sync sub-types, as the protocol numbers them. */
const messageSync = 0;
const messageAwareness = 1;
const messageAuth = 2;
const messageQueryAwareness = 3;
const syncStep1 = 0;
const syncStep2 = 1;
const syncUpdate = 2;

// ---------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: a tiny seeded PRNG, so every run sends the same frames. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** Random bytes; with `small`, mostly values below 12, which Yjs decoders read as valid tags and counts. */
  bytes(length: number, small = false): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = small && this.chance(0.6) ? this.int(12) : this.int(256);
    return out;
  }
  string(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += String.fromCharCode(this.chance(0.9) ? 32 + this.int(95) : this.int(0xd800));
    return s;
  }
}

// ---------------------------------------------------------------------------------------
// Frame generators

interface Frame {
  kind: string;
  data: Uint8Array | string;
}

function message(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** An awareness message carrying the given JSON texts as states. */
function awarenessMessage(states: { clientId: number; clock: number; json: string }[], claimedCount = states.length): Uint8Array {
  const inner = message((e) => {
    encoding.writeVarUint(e, claimedCount);
    for (const s of states) {
      encoding.writeVarUint(e, s.clientId);
      encoding.writeVarUint(e, s.clock);
      encoding.writeVarString(e, s.json);
    }
  });
  return message((e) => {
    encoding.writeVarUint(e, messageAwareness);
    encoding.writeVarUint8Array(e, inner);
  });
}

function syncMessage(subType: number, payload: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, messageSync);
    encoding.writeVarUint(e, subType);
    encoding.writeVarUint8Array(e, payload);
  });
}

/**
 * Real Yjs updates from a scratch document of the fuzzer's own: sent intact they give the
 * server's document structure to refer to; with a few bytes changed they are the garbage
 * most likely to get past a decoder and into the document.
 */
function scratchUpdates(random: Random): { updates: Uint8Array[]; clientId: number; clocks: number[] } {
  const doc = new Y.Doc();
  doc.clientID = 1 + random.int(2 ** 31);
  const updates: Uint8Array[] = [];
  const clocks: number[] = []; // the scratch client's clock after each update
  doc.on('update', (u: Uint8Array) => {
    updates.push(u);
    clocks.push(Y.getState(doc.store, doc.clientID));
  });
  const body = doc.getXmlFragment('default');
  for (let i = 0; i < 40; i++) {
    doc.transact(() => {
      const roll = random.int(4);
      if (roll === 0 || body.length === 0) {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(`fuzz ${i}`)]);
        body.insert(random.int(body.length + 1), [paragraph]);
      } else if (roll === 1) {
        const paragraph = body.get(random.int(body.length));
        const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
        if (text instanceof Y.XmlText) {
          const at = random.int(text.length + 1);
          const inserted = random.string(1 + random.int(8));
          text.insert(at, inserted, random.chance(0.3) ? { bold: true } : {});
        }
      } else if (roll === 2 && body.length > 1) {
        body.delete(random.int(body.length), 1);
      } else {
        doc.getMap('meta').set(`k${random.int(5)}`, random.chance(0.5) ? random.int(1000) : random.string(4));
      }
    });
  }
  doc.destroy();
  return { updates, clientId: doc.clientID, clocks };
}

/**
 * A Yjs v1 update written field by field with small random values: well-formed enough to
 * pass Y.decodeUpdate, yet breaking what Yjs assumes of updates it made itself (zero-length
 * structs and deletions, references to clocks that do not exist or come later, a left and
 * right neighbour in different parents, a parent that is not a type). These are the
 * updates that can throw half-way through applying, or poison the stored state.
 */
function structuredUpdate(random: Random, clients: readonly number[], deletable: readonly number[], maxClock: number): Uint8Array {
  const e = encoding.createEncoder();
  const clock = () => random.int(maxClock + 3);
  const client = (among = clients) => (random.chance(0.85) ? random.pick(among) : random.int(2 ** 32));
  const id = () => {
    encoding.writeVarUint(e, client());
    encoding.writeVarUint(e, clock());
  };
  const structClients = random.int(3);
  encoding.writeVarUint(e, structClients);
  for (let c = 0; c < structClients; c++) {
    const structs = random.int(4);
    encoding.writeVarUint(e, structs);
    encoding.writeVarUint(e, client());
    encoding.writeVarUint(e, clock());
    for (let s = 0; s < structs; s++) {
      const roll = random.int(10);
      if (roll < 2) {
        encoding.writeUint8(e, roll === 0 ? 0 : 10); // GC or Skip
        encoding.writeVarUint(e, random.int(4));
        continue;
      }
      const contentRef = random.pick([1, 4, 4, 6, 7, 8]); // deleted, string, format, type, any
      const hasOrigin = random.chance(0.6);
      const hasRightOrigin = random.chance(0.4);
      const hasParentSub = random.chance(0.2);
      encoding.writeUint8(e, contentRef | (hasOrigin ? 0x80 : 0) | (hasRightOrigin ? 0x40 : 0) | (hasParentSub ? 0x20 : 0));
      if (hasOrigin) id();
      if (hasRightOrigin) id();
      if (!hasOrigin && !hasRightOrigin) {
        const rootKey = random.chance(0.6);
        encoding.writeVarUint(e, rootKey ? 1 : 0);
        if (rootKey) encoding.writeVarString(e, random.chance(0.7) ? 'default' : random.string(3));
        else id();
        if (hasParentSub) encoding.writeVarString(e, random.string(2));
      }
      switch (contentRef) {
        case 1:
          encoding.writeVarUint(e, random.int(4));
          break;
        case 4:
          encoding.writeVarString(e, random.string(random.int(4)));
          break;
        case 6:
          encoding.writeVarString(e, 'bold');
          encoding.writeVarString(e, random.chance(0.5) ? 'true' : 'null');
          break;
        case 7: {
          const typeRef = random.int(8);
          encoding.writeVarUint(e, typeRef);
          if (typeRef === 3 || typeRef === 5) encoding.writeVarString(e, 'paragraph');
          break;
        }
        case 8: {
          const n = random.int(3);
          encoding.writeVarUint(e, n);
          for (let i = 0; i < n; i++) encoding.writeAny(e, random.int(100));
          break;
        }
      }
    }
  }
  const deleteClients = random.int(3);
  encoding.writeVarUint(e, deleteClients);
  for (let c = 0; c < deleteClients; c++) {
    encoding.writeVarUint(e, client(deletable));
    const ranges = random.int(3);
    encoding.writeVarUint(e, ranges);
    for (let i = 0; i < ranges; i++) {
      encoding.writeVarUint(e, clock());
      encoding.writeVarUint(e, random.int(4));
    }
  }
  return encoding.toUint8Array(e);
}

/**
 * A v1 update of one string struct `client:clock` whose parent is the item `parent`, and
 * the given deletions. Yjs never writes such a struct when `parent` does not exist.
 */
function updateWithParent(
  client: number,
  clock: number,
  text: string,
  parent: { client: number; clock: number } | null,
  deletions: [client: number, clock: number, len: number][] = [],
): Uint8Array {
  return message((e) => {
    if (parent) {
      encoding.writeVarUint(e, 1); // one client
      encoding.writeVarUint(e, 1); // one struct
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, clock);
      encoding.writeUint8(e, 4); // ContentString, no origins: the parent follows
      encoding.writeVarUint(e, 0); // the parent is an item id, not a root name
      encoding.writeVarUint(e, parent.client);
      encoding.writeVarUint(e, parent.clock);
      encoding.writeVarString(e, text);
    } else encoding.writeVarUint(e, 0);
    const byClient = new Map<number, [number, number][]>();
    for (const [c, from, len] of deletions) byClient.set(c, [...(byClient.get(c) ?? []), [from, len]]);
    encoding.writeVarUint(e, byClient.size);
    for (const [c, ranges] of byClient) {
      encoding.writeVarUint(e, c);
      encoding.writeVarUint(e, ranges.length);
      for (const [from, len] of ranges) {
        encoding.writeVarUint(e, from);
        encoding.writeVarUint(e, len);
      }
    }
  });
}

const VALID_PREFIXES: readonly (readonly number[])[] = [
  [messageSync, syncStep1],
  [messageSync, syncStep2],
  [messageSync, syncUpdate],
  [messageAwareness],
  [messageQueryAwareness],
  [messageAuth],
];

/** Huge sizes a varUint may claim: 2^31, 2^32-1, 2^53-1, and more than 53 bits (10 × 0xff). */
const HUGE_LENGTHS: readonly Uint8Array[] = [
  message((e) => encoding.writeVarUint(e, 2 ** 31)),
  message((e) => encoding.writeVarUint(e, 2 ** 32 - 1)),
  message((e) => encoding.writeVarUint(e, Number.MAX_SAFE_INTEGER)),
  new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
];

function nestedJson(levels: number, random: Random): string {
  return random.chance(0.5) ? '['.repeat(levels) + ']'.repeat(levels) : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

/**
 * Builds the whole barrage up front from the seed, independently of how the server answers.
 * `legitClientId` is the Yjs client id of the legit writer: garbage may claim its ids and
 * point at its text, but never deletes it (a writer may delete text; that is no bug).
 */
function buildBarrage(random: Random, count: number, legitClientId: number): Frame[] {
  const scratch = scratchUpdates(random);
  const real = scratch.updates;
  let nextReal = 0;
  const generators: Array<() => Frame> = [
    () => ({ kind: 'random bytes', data: random.bytes(random.int(2001)) }),
    () => {
      const prefix = Uint8Array.from(random.pick(VALID_PREFIXES));
      return { kind: 'valid prefix, garbage payload', data: concat(prefix, random.bytes(random.int(64), random.chance(0.5))) };
    },
    () => {
      // A well-formed message cut short.
      const whole = random.chance(0.5) ? syncMessage(syncUpdate, random.pick(real)) : awarenessMessage([{ clientId: 7, clock: 1, json: '{"cursor":null}' }]);
      return { kind: 'truncated message', data: whole.slice(0, random.int(whole.length)) };
    },
    () => {
      const prefix = Uint8Array.from(random.pick(VALID_PREFIXES.filter((p) => p[0] !== messageQueryAwareness && p[0] !== messageAuth)));
      return { kind: 'varUint claims a huge length', data: concat(prefix, random.pick(HUGE_LENGTHS), random.bytes(random.int(16))) };
    },
    () => ({ kind: 'garbage inside a sync-update envelope', data: syncMessage(syncUpdate, random.bytes(random.int(120), random.chance(0.7))) }),
    () => {
      // A real update with a few bytes changed, cut or extended: decodes often, applies sometimes.
      // Mostly one the server already has, so the changed bytes point into existing structure.
      const update = Uint8Array.from(nextReal > 0 && random.chance(0.8) ? real[random.int(Math.min(nextReal, real.length))]! : random.pick(real));
      for (let i = 1 + random.int(4); i > 0; i--) update[random.int(update.length)] = random.chance(0.5) ? random.int(12) : random.int(256);
      const mutated = random.chance(0.2)
        ? update.slice(0, random.int(update.length + 1))
        : random.chance(0.2)
          ? concat(update, random.bytes(random.int(8), true))
          : update;
      return { kind: 'mutated real update', data: syncMessage(random.chance(0.7) ? syncUpdate : syncStep2, mutated) };
    },
    () => {
      // The scratch document's updates in order, intact: real structure for mutations to hit.
      const update = real[nextReal++ % real.length]!;
      return { kind: 'intact real update', data: syncMessage(syncUpdate, update) };
    },
    () => {
      const clientId = random.chance(0.5) ? random.int(2 ** 32) : random.int(4);
      const json = random.pick([
        () => '{"user": {"name": ',
        () => random.string(random.int(40)),
        () => JSON.stringify(random.pick([42, 'text', true, [1, 2, 3], -0.5])),
        () => nestedJson(1000, random),
        () => JSON.stringify({ cursor: null, blob: 'x'.repeat(8 * 1024 + random.int(4096)) }),
        () => JSON.stringify({ user: { name: 'Not me', color: '#ff0000' }, cursor: { anchor: random.int(100) } }),
        () => 'null',
      ])();
      return { kind: 'awareness with a bad state', data: awarenessMessage([{ clientId, clock: random.int(2 ** 32), json }]) };
    },
    () => {
      const claimed = random.pick([2, 1024, 1025, 2 ** 31]);
      return { kind: 'awareness claims more entries than it has', data: awarenessMessage([{ clientId: 1, clock: 1, json: '{}' }], claimed) };
    },
    () => ({ kind: 'text frame', data: random.string(random.int(200)) }),
    () => {
      const type = random.pick([4, 5, 17, 127, 128, 300, 2 ** 31, Number.MAX_SAFE_INTEGER]);
      return {
        kind: 'unknown message type',
        data: concat(
          message((e) => encoding.writeVarUint(e, type)),
          random.bytes(random.int(32)),
        ),
      };
    },
    () => {
      const subType = random.pick([3, 4, 99, 2 ** 20]);
      const header = message((e) => {
        encoding.writeVarUint(e, messageSync);
        encoding.writeVarUint(e, subType);
      });
      return { kind: 'unknown sync sub-type', data: concat(header, random.bytes(random.int(16))) };
    },
    () => {
      const delivered = nextReal ? scratch.clocks[Math.min(nextReal, real.length) - 1]! : 0;
      const update = structuredUpdate(random, [scratch.clientId, legitClientId, 0, 1], [scratch.clientId, 0, 1], delivered);
      return { kind: 'structured update breaking Yjs invariants', data: syncMessage(random.chance(0.8) ? syncUpdate : syncStep2, update) };
    },
    () => ({ kind: 'sync step 1 with a garbage state vector', data: syncMessage(syncStep1, random.bytes(random.int(40), true)) }),
  ];
  return Array.from({ length: count }, () => random.pick(generators)());
}

// ---------------------------------------------------------------------------------------
// Raw sockets

function collabUrl(server: TestServer, documentId: string): string {
  return `ws://127.0.0.1:${server.port}/collab/${documentId}`;
}

/** A raw `ws` socket with the user's cookie; resolves once the upgrade succeeded. */
function openRaw(server: TestServer, documentId: string, cookie: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(collabUrl(server, documentId), { headers: { Cookie: cookie } });
    ws.on('error', () => {}); // every outcome we care about arrives as open, close or unexpected-response
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with HTTP ${res.statusCode}`)));
    ws.once('close', (code) => reject(new Error(`closed (${code}) before it opened`)));
  });
}

/** The code the server closes `ws` with. */
function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) throw new Error('already closed');
    ws.once('close', (code) => resolve(code));
  });
}

/**
 * Sends one frame, then a ping. The server handles a socket's frames in order, so a pong
 * means the frame was processed and the connection survived it; otherwise the close code
 * says how the server judged it.
 */
function sendAndSettle(ws: WebSocket, frame: Frame, timeoutMs = 5000): Promise<{ closed: false } | { closed: true; code: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no pong and no close within ${timeoutMs} ms after a "${frame.kind}" frame: the server hangs`));
    }, timeoutMs);
    const onPong = () => {
      cleanup();
      resolve({ closed: false });
    };
    const onClose = (code: number) => {
      cleanup();
      resolve({ closed: true, code });
    };
    const cleanup = () => {
      clearTimeout(timer);
      ws.off('pong', onPong);
      ws.off('close', onClose);
    };
    ws.on('pong', onPong);
    ws.on('close', onClose);
    ws.send(frame.data, { binary: typeof frame.data !== 'string' });
    ws.ping();
  });
}

function serverIsAlive(server: TestServer): boolean {
  return server.proc.exitCode === null && server.proc.signalCode === null;
}

async function healthStatus(server: TestServer): Promise<number> {
  return (await fetch(`${server.url}/api/health`)).status;
}

/** Tracks whether a real client's provider ever lost its connection. */
function watchDisconnects(client: CollabClient): { count: number } {
  const seen = { count: 0 };
  client.provider.on('status', ({ status }: { status: string }) => {
    if (status === 'disconnected') seen.count++;
  });
  return seen;
}

function tally(codes: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of codes) out[c] = (out[c] ?? 0) + 1;
  return out;
}

// ---------------------------------------------------------------------------------------

describe('malformed input on the collaboration socket (MAX_MESSAGE_BYTES=64 KiB)', () => {
  const env = { MAX_MESSAGE_BYTES: String(SMALL_LIMIT) };
  let server: TestServer;
  let drafter: string;
  let reviewer: string;
  const clients: CollabClient[] = [];
  const sockets: WebSocket[] = [];
  const client = (docId: string, cookie: string) => {
    const c = connectClient(server.url, docId, cookie);
    clients.push(c);
    return c;
  };
  const raw = async (docId: string, cookie: string) => {
    const ws = await openRaw(server, docId, cookie);
    sockets.push(ws);
    return ws;
  };

  beforeAll(async () => {
    server = await startServer({ env });
    [drafter, reviewer] = await Promise.all([signIn(server.url, 'drafter@example.org'), signIn(server.url, 'reviewer@example.org')]);
  });

  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it('1,000 seeded random malformed frames leave the server serving', async () => {
    console.log(`fuzz seed: ${SEED} (replay with FUZZ_SEED=${SEED})`);
    const docId = await createDocument(server.url, drafter);

    // A legit paragraph, committed and seen by a second client before the barrage.
    const writer = client(docId, drafter);
    const observer = client(docId, reviewer);
    await Promise.all([waitSynced(writer), waitSynced(observer)]);
    writer.appendParagraph('Written before the barrage');
    await waitFor(() => observer.text().includes('Written before the barrage'), 'the observer to see the legit paragraph');
    writer.destroy();
    const observerDisconnects = watchDisconnects(observer);

    // The writer's Yjs client id is random: only the bytes that name it vary between runs.
    const frames = buildBarrage(new Random(SEED), FRAMES, writer.ydoc.clientID);
    const codes: number[] = [];
    const outcomes = new Map<string, { sent: number; closed: Record<number, number> }>();
    let connections = 0;
    let ws: WebSocket | null = null;
    const started = Date.now();
    for (const [index, frame] of frames.entries()) {
      let outcome: Awaited<ReturnType<typeof sendAndSettle>>;
      try {
        if (!ws) {
          // Bounded: at most one new connection per frame.
          expect(connections).toBeLessThanOrEqual(FRAMES);
          connections++;
          ws = await raw(docId, drafter);
        }
        outcome = await sendAndSettle(ws, frame);
      } catch (err) {
        const errors = server
          .output()
          .split('\n')
          .filter((l) => /error/i.test(l))
          .slice(-5)
          .join('\n');
        throw new Error(`at frame #${index} (${frame.kind}), seed ${SEED}: ${(err as Error).message}\nserver errors:\n${errors}`);
      }
      const tallyOf = outcomes.get(frame.kind) ?? { sent: 0, closed: {} };
      outcomes.set(frame.kind, tallyOf);
      tallyOf.sent++;
      if (outcome.closed) {
        codes.push(outcome.code);
        tallyOf.closed[outcome.code] = (tallyOf.closed[outcome.code] ?? 0) + 1;
        ws = null;
      }
    }
    ws?.close();
    console.log(
      `fuzz: ${FRAMES} frames over ${connections} connections in ${Date.now() - started} ms; close codes ${JSON.stringify(tally(codes))}\n` +
        [...outcomes].map(([kind, o]) => `  ${kind}: ${o.sent} sent, closed ${JSON.stringify(o.closed)}`).join('\n'),
    );

    // Malformed input is refused as malformed (1007), never as a storage failure (1011)
    // or any other code that would mean the document broke.
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set([1007]));

    // The process is alive and serving, and logged no crash it survived by luck.
    expect(serverIsAlive(server)).toBe(true);
    expect(await healthStatus(server)).toBe(200);
    expect(server.output()).not.toMatch(/uncaught exception|unhandled rejection|did not apply|could not store/i);

    // The client that stayed connected through it all was never disconnected.
    expect(observerDisconnects.count).toBe(0);
    expect(observer.provider.wsconnected).toBe(true);

    // A fresh real client loads the legit text, and new edits still converge.
    const a = client(docId, drafter);
    const b = client(docId, reviewer);
    await Promise.all([waitSynced(a), waitSynced(b)]);
    await waitFor(() => a.text().includes('Written before the barrage'), 'a fresh client to load the legit paragraph');
    a.appendParagraph('After the barrage, from A');
    b.appendParagraph('After the barrage, from B');
    await waitFor(() => [a, b, observer].every((c) => c.text().includes('from A') && c.text().includes('from B')), 'edits made after the barrage to converge');
    expect(a.text()).toBe(b.text());
    const expected = a.text();

    // Whatever the barrage left in the log, the document loads again after a restart.
    for (const c of clients.splice(0)) c.destroy();
    const { dataDir } = server;
    await server.stop();
    server = await startServer({ dataDir, env });
    const cookie = await signIn(server.url, 'drafter@example.org');
    const reloaded = client(docId, cookie);
    await waitSynced(reloaded);
    await waitFor(() => reloaded.text() === expected, 'the restarted server to serve the same text');
    expect(reloaded.text()).toContain('Written before the barrage');
    expect(server.output()).not.toMatch(/failed to load|upgrade failed/i);
  });

  it('updates that decode but cannot apply, or wait for text the document lacks, are refused and never stored', async () => {
    const docId = await createDocument(server.url, drafter);
    const writer = client(docId, drafter);
    const observer = client(docId, reviewer);
    await Promise.all([waitSynced(writer), waitSynced(observer)]);
    writer.appendParagraph('The real text');
    await waitFor(() => observer.text() === 'The real text', 'the observer to see the real text');
    const writerDisconnects = watchDisconnects(writer);
    const observerDisconnects = watchDisconnects(observer);
    const me = writer.ydoc.clientID;
    const next = Y.getState(writer.ydoc.store, me);

    const refused = {
      // Its parent is a later clock of the same client, which Yjs never checks: applying throws half-way.
      'a forward reference': updateWithParent(me, next, 'x', { client: me, clock: next + 10 }),
      // A deletion of nothing, of a client nobody has: applying throws while re-encoding it.
      'an empty deletion': updateWithParent(0, 0, '', null, [[987654, 0, 0]]),
      // Re-claims the writer's first 30 clocks under a parent that does not exist: it would
      // wait, and every encoding of the document would fold it back in as text.
      'a struct waiting for a missing parent': updateWithParent(me, 0, 'x'.repeat(30), { client: 99999, clock: 12 }),
    };
    for (const [what, update] of Object.entries(refused)) {
      const culprit = await raw(docId, drafter);
      expect(await sendAndSettle(culprit, { kind: what, data: syncMessage(syncUpdate, update) }), what).toEqual({ closed: true, code: 1007 });
    }

    writer.appendParagraph('And more');
    await waitFor(() => observer.text() === 'The real text\nAnd more', 'the observer to keep receiving updates');
    expect(writerDisconnects.count + observerDisconnects.count).toBe(0);
    const fresh = client(docId, reviewer);
    await waitSynced(fresh);
    expect(fresh.text()).toBe('The real text\nAnd more');
  });

  it('a frame over MAX_MESSAGE_BYTES closes only that connection, with 1009', async () => {
    const docId = await createDocument(server.url, drafter);
    const writer = client(docId, drafter);
    const observer = client(docId, reviewer);
    await Promise.all([waitSynced(writer), waitSynced(observer)]);
    const writerDisconnects = watchDisconnects(writer);
    const observerDisconnects = watchDisconnects(observer);

    // Exactly at the limit the frame is read and judged by its content (malformed: 1007)…
    const atLimit = await raw(docId, drafter);
    const atLimitClosed = closeCode(atLimit);
    atLimit.send(concat(Uint8Array.from([99]), new Uint8Array(SMALL_LIMIT - 1)));
    expect(await atLimitClosed).toBe(1007);

    // …one byte more is refused unread as too large.
    const oversized = await raw(docId, drafter);
    const oversizedClosed = closeCode(oversized);
    oversized.send(new Uint8Array(SMALL_LIMIT + 1));
    expect(await oversizedClosed).toBe(1009);

    writer.appendParagraph('Still relayed after the oversized frame');
    await waitFor(() => observer.text().includes('Still relayed after the oversized frame'), 'the observer to keep receiving updates');
    expect(writerDisconnects.count + observerDisconnects.count).toBe(0);
    expect(serverIsAlive(server)).toBe(true);
  });

  it('a malformed message closes only that connection', async () => {
    const docId = await createDocument(server.url, drafter);
    const writer = client(docId, drafter);
    const observer = client(docId, reviewer);
    await Promise.all([waitSynced(writer), waitSynced(observer)]);
    const writerDisconnects = watchDisconnects(writer);
    const observerDisconnects = watchDisconnects(observer);

    // A sync update whose length claims 2^31 bytes, sent by the same user as the writer.
    const culprit = await raw(docId, drafter);
    const closed = closeCode(culprit);
    culprit.send(concat(Uint8Array.from([messageSync, syncUpdate]), HUGE_LENGTHS[0]!, new Uint8Array(8)));
    expect(await closed).toBe(1007);

    writer.appendParagraph('Still relayed after the malformed message');
    await waitFor(() => observer.text().includes('Still relayed after the malformed message'), 'the observer to keep receiving updates');
    expect(writerDisconnects.count + observerDisconnects.count).toBe(0);
    expect(writer.provider.wsconnected && observer.provider.wsconnected).toBe(true);
  });
});

describe('the default message limit (2 MiB)', () => {
  let server: TestServer;
  let drafter: string;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    server = await startServer();
    drafter = await signIn(server.url, 'drafter@example.org');
  });

  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    await server?.stop();
  });

  it('a frame of 2 MiB + 1 byte closes the connection with 1009 and the server keeps serving', async () => {
    const docId = await createDocument(server.url, drafter);
    const ws = await openRaw(server, docId, drafter);
    sockets.push(ws);
    const closed = closeCode(ws);
    ws.send(new Uint8Array(DEFAULT_LIMIT + 1));
    expect(await closed).toBe(1009);
    expect(serverIsAlive(server)).toBe(true);
    expect(await healthStatus(server)).toBe(200);
    // The next connection to the same document works.
    const again = await openRaw(server, docId, drafter);
    sockets.push(again);
    expect((await sendAndSettle(again, { kind: 'query awareness', data: Uint8Array.from([messageQueryAwareness]) })).closed).toBe(false);
  });
});
