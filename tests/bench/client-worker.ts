/**
 * One process of benchmark clients. The orchestrator (run.ts) forks a few of these so that
 * the clients' own work (applying updates, presence) does not share a thread with the
 * harness, and sends them commands over IPC. Every client is a real y-websocket
 * WebsocketProvider on a real Y.Doc, as in a browser tab with TipTap: it keeps a presence
 * state and moves its caret (an awareness update) with every keystroke.
 *
 * Arrival times are taken with the system-wide monotonic clock (process.hrtime), so the
 * orchestrator can subtract them from send times taken in another process.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import fs from 'node:fs';
import { blastHistory, closeBlaster, generateHistory, type History } from './lib/history';
import { generateSpeechHistory } from './lib/speech';
import type { ClientSpec, Reply, Request, SendRecord, ClientReport } from './lib/protocol';

// Every WebsocketProvider adds a process 'exit' listener; hundreds of clients live here.
process.setMaxListeners(0);

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

interface LiveClient {
  spec: ClientSpec;
  ydoc: Y.Doc;
  provider: WebsocketProvider;
  /** For each tracked writer: arrival time by clock (index = clock). */
  arrivals: Map<number, number[]>;
  seen: Map<number, number>;
  reconnects: number;
  text: Y.XmlText | null;
}

let clients: LiveClient[] = [];
/** How late this process's event loop ran while typing: a stalled client inflates latencies. */
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
let history: History | null = null;
let speech: History | null = null;

function socketClass(cookie: string | undefined): typeof globalThis.WebSocket {
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  class BenchWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      // A browser would offer permessage-deflate; neither server accepts it, so we do not offer it.
      super(url, protocols, { headers, perMessageDeflate: false });
    }
  }
  return BenchWebSocket as unknown as typeof globalThis.WebSocket;
}

function createClient(url: string, room: string, spec: ClientSpec): LiveClient {
  const ydoc = new Y.Doc();
  ydoc.clientID = spec.clientId; // before the provider: its Awareness takes the id at construction
  const provider = new WebsocketProvider(url, room, ydoc, {
    connect: false,
    disableBc: true,
    WebSocketPolyfill: socketClass(spec.cookie),
  });
  provider.awareness.setLocalStateField('user', { name: spec.name, color: spec.color });
  const client: LiveClient = { spec, ydoc, provider, arrivals: new Map(), seen: new Map(), reconnects: 0, text: null };
  for (const writer of spec.track) {
    client.arrivals.set(writer, []);
    client.seen.set(writer, 0);
  }
  ydoc.on('update', () => {
    const t = now();
    for (const writer of spec.track) {
      const clock = Y.getState(ydoc.store, writer);
      let seen = client.seen.get(writer)!;
      if (clock <= seen) continue;
      const times = client.arrivals.get(writer)!;
      while (seen < clock) times[seen++] = t;
      client.seen.set(writer, clock);
    }
  });
  provider.on('connection-close', () => client.reconnects++);
  return client;
}

/** Connects every client and resolves with each one's set-up time (connect → first sync). */
async function connect(url: string, room: string | null, specs: ClientSpec[], sequential: boolean, timeoutMs: number): Promise<number[]> {
  const one = (spec: ClientSpec) =>
    new Promise<number>((resolve, reject) => {
      const client = createClient(url, room ?? spec.room!, spec);
      clients.push(client);
      const timer = setTimeout(() => reject(new Error(`client ${spec.key} did not sync in ${timeoutMs} ms`)), timeoutMs);
      const started = now();
      client.provider.once('sync', () => {
        clearTimeout(timer);
        resolve(now() - started);
      });
      client.provider.connect();
    });
  if (!sequential) return Promise.all(specs.map(one));
  const times: number[] = [];
  for (const spec of specs) times.push(await one(spec));
  return times;
}

function byKey(key: string): LiveClient {
  const client = clients.find((c) => c.spec.key === key);
  if (!client) throw new Error(`no client ${key}`);
  return client;
}

/** Each writer appends the paragraph it will type into (as pressing Enter would). */
function addParagraphs(keys: string[]): Record<string, number> {
  const clocks: Record<string, number> = {};
  for (const key of keys) {
    const client = byKey(key);
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    client.ydoc.getXmlFragment('default').push([paragraph]);
    client.text = text;
    clocks[key] = Y.getState(client.ydoc.store, client.spec.clientId);
  }
  return clocks;
}

/** Moves the caret to `index` in the writer's paragraph, as y-prosemirror's cursor plugin does. */
function moveCaret(client: LiveClient, index: number): void {
  const pos = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(client.text!, index));
  client.provider.awareness.setLocalStateField('cursor', { anchor: pos, head: pos });
}

const SAMPLE = 'Hörmətli xanımlar və cənablar, the Secretariat welcomes the joint declaration. ';

/** Types `count` characters at `intervalMs` apart, starting at `startAt` (monotonic ms); with `carets`, each moves the caret as TipTap does. */
function typeText(key: string, intervalMs: number, count: number, startAt: number, carets: boolean): Promise<SendRecord[]> {
  const client = byKey(key);
  const sent: SendRecord[] = [];
  return new Promise((resolve) => {
    let k = 0;
    const step = () => {
      const t = now();
      const text = client.text!;
      text.insert(text.length, SAMPLE[k % SAMPLE.length]!);
      sent.push({ clock: Y.getState(client.ydoc.store, client.spec.clientId) - 1, t });
      if (carets) moveCaret(client, text.length);
      k++;
      if (k >= count) return resolve(sent);
      setTimeout(step, Math.max(0, startAt + k * intervalMs - now()));
    };
    setTimeout(step, Math.max(0, startAt - now()));
  });
}

/** Waits (bounded) until every client has every writer's clock up to `expected`, then reports. */
async function collect(expected: Record<number, number>, timeoutMs: number, report: boolean): Promise<ClientReport[] | boolean> {
  if (!report) loopDelay.reset(); // the check just before typing starts, on every worker
  const deadline = now() + timeoutMs;
  const complete = () => clients.every((c) => c.spec.track.every((w) => expected[w] === undefined || (c.seen.get(w) ?? 0) >= expected[w]!));
  while (!complete() && now() < deadline) await new Promise((r) => setTimeout(r, 10));
  if (!report) return complete();
  return clients.map((c) => ({
    key: c.spec.key,
    arrivals: Object.fromEntries([...c.arrivals].map(([w, times]) => [w, times])),
    stateVector: Buffer.from(Y.encodeStateVector(c.ydoc)).toString('base64'),
    content: c.ydoc.getXmlFragment('default').toString(),
    reconnects: c.reconnects,
    loopDelayMaxMs: loopDelay.max / 1e6,
  }));
}

function closeAll(): void {
  closeBlaster();
  for (const c of clients) {
    c.provider.destroy();
    c.ydoc.destroy();
  }
  clients = [];
}

async function handle(req: Request): Promise<unknown> {
  switch (req.cmd) {
    case 'connect':
      return connect(req.url, req.room, req.clients, req.sequential, req.timeoutMs);
    case 'addParagraphs':
      return addParagraphs(req.keys);
    case 'type':
      loopDelay.reset();
      return Promise.all(req.writers.map((w) => typeText(w.key, w.intervalMs, w.count, w.startAt, req.carets)));
    case 'collect':
      return collect(req.expected, req.timeoutMs, req.report);
    case 'closeAll':
      return closeAll();
    case 'generateHistory':
      history = generateHistory(req.edits, req.clientId);
      return { updates: history.updates.length, textLength: history.textLength, finalClock: history.finalClock };
    case 'generateSpeech': {
      const generated = generateSpeechHistory(req.pages, req.clientId);
      fs.writeFileSync(req.stateFile, generated.state);
      speech = generated;
      return { updates: speech.updates.length, textLength: speech.textLength, finalClock: speech.finalClock, pages: generated.pages };
    }
    case 'blast': {
      const which = req.history === 'speech' ? speech : history;
      if (!which) throw new Error(`no ${req.history ?? 'edits'} history generated`);
      return blastHistory(which, req.url, req.cookie, req.timeoutMs);
    }
    case 'exit':
      closeAll();
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on('message', (req: Request) => {
  handle(req).then(
    (result) => process.send!({ id: req.id, ok: true, result } satisfies Reply),
    (err: unknown) => process.send!({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies Reply),
  );
});
process.on('disconnect', () => process.exit(0));
