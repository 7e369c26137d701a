/**
 * `npm run bench:editor`: typing in long texts in the browser, our editor against the floor
 * (a bare page with only TipTap StarterKit + Collaboration + y-websocket) on the same
 * documents and the same server, as ratios. See docs/PERFORMANCE.md ("Long texts in the
 * browser").
 *
 *   npm run bench:editor                    2, 10, 30, 60, 100 pages; 120 keys; alone and with two colleagues
 *   npm run bench:editor -- --quick         2 and 60 pages, 40 keys (about a minute)
 *   npm run bench:editor -- --pages 60 --profile   also CPU profiles of our editor while typing at the largest size (Chrome DevTools protocol; skews those rows)
 *   npm run bench:editor -- --no-colleagues alone only
 *   npm run bench:editor -- --pages 60 --open-profile   also CPU profiles of the open (navigation to editable), both sides,
 *                                           alone and with the colleagues
 *   npm run bench:editor -- --pages 60 --open-trace   also a Chrome trace of each open until a second after editable: the
 *                                           renderer main thread's tasks by kind, and the longest of them (when, what ran)
 *   npm run bench:editor -- --pages 2 --renders   also counts React components rendered per key (a DevTools hook; skews key times)
 *   npm run bench:editor -- --pages 60 --trace    also a Chrome trace of the typing, both sides: the renderer main thread's tasks per key
 *                                           and what runs in them by kind (key events, timers, messages, layout, paint…)
 *   npm run bench:editor -- --pages 2,60 --trace-editing   --trace, plus Blink's own events inside the key's events (the editing
 *                                           command, the selection's sync with the browser), by thread time: what grows with the text
 *   npm run bench:editor -- --pages 60 --repeat 3 --keys 20   each side opened 3 times per size (alternating), medians reported
 *   npm run bench:editor -- --pages 60 --warm   each recorded open is the second in its browser context: the HTTP cache and
 *                                           V8's code cache are warm and our editor has its local copy (IndexedDB), as on a
 *                                           drafter's second open of the day; without it every open is a first visit
 *   npm run bench:editor -- --pages 60 --ours-css try.css   our page with a style sheet added after its own (a CSS trial without a build)
 *   npm run bench:editor -- --bare-y-tiptap .trial/y-tiptap-3.3.0/dist/index.js   the bare page bundled with another build of
 *                                           @tiptap/y-tiptap (an unpacked npm tarball inside the repository, so that its imports
 *                                           resolve to our node_modules), to measure an upgrade before installing it
 *
 * The server is the production build on a free loopback port with a temporary DATA_DIR.
 * Documents are filled through the Yjs path (a y-websocket client with a drafter's session)
 * with the benchmark speech (tests/fixtures, as tests/bench/lib/speech.ts builds it).
 * "key" is the main thread's time from a keydown event to the end of the task(s) it caused
 * (a MessageChannel message posted from the keydown handler runs after them). Long tasks
 * come from PerformanceObserver `longtask`; "editable" is the time from navigation to an
 * editable editor holding the whole text. Nothing here is a test: no assertion on time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import type { BrowserContext, CDPSession } from 'playwright-core';
import * as Y from 'yjs';
import { cookiesFor, launchChromium } from '@/tests/helpers/chromium';
import { connectClient, roundTrip, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';
import { writeSpeech } from './lib/speech';
import { startTrace } from './lib/trace';

/** --open-trace goes on this long after the page is editable. */
const OPEN_TRACE_AFTER_MS = 1000;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    pages: { type: 'string' },
    keys: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'open-profile': { type: 'boolean', default: false },
    'open-trace': { type: 'boolean', default: false },
    renders: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
    'trace-editing': { type: 'boolean', default: false },
    repeat: { type: 'string', default: '1' },
    'no-colleagues': { type: 'boolean', default: false },
    warm: { type: 'boolean', default: false },
    'bare-y-tiptap': { type: 'string' },
    'ours-css': { type: 'string' },
    out: { type: 'string', default: path.join(__dirname, 'results', 'editor-latest.json') },
  },
});
const quick = args.quick!;
const sizes = (args.pages ?? (quick ? '2,60' : '2,10,30,60,100')).split(',').map(Number);
const keyCount = Number(args.keys ?? (quick ? 40 : 120));
const KEY_DELAY_MS = 40;
/** One open and its typing; past it the open is logged as failed (a stall) and the run goes on. */
const OPEN_LIMIT_MS = 180_000;
const withColleagues = args['no-colleagues'] ? [false] : [false, true];
/** Opens of each side per size and situation, alternating which side goes first. */
const repeat = Math.max(1, Number(args.repeat));

const log = (msg: string) => process.stdout.write(`[bench:editor ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

/** Installed in every page before its scripts: key timings and long tasks, in window.__bench. */
const PROBE = `(() => {
  const bench = { keys: [], longTasks: [], renders: [], rendersBy: {} };
  window.__bench = bench;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: 'longtask', buffered: true });
  // The open's milestones (ms since navigation): the first IndexedDB open, the collab socket's
  // creation, its open and its messages until the editor is editable (bytes in).
  const open = { idb: null, socket: null, socketOpen: null, firstMessage: null, lastMessage: null, bytesIn: 0, editor: null };
  bench.open = open;
  const idbOpen = indexedDB.open.bind(indexedDB);
  indexedDB.open = (...a) => { if (open.idb === null) open.idb = performance.now(); return idbOpen(...a); };
  const NativeSocket = WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...a) {
      super(...a);
      if (open.socket === null && String(a[0]).includes('/collab')) {
        open.socket = performance.now();
        this.addEventListener('open', () => { open.socketOpen = performance.now(); });
        this.addEventListener('message', (m) => {
          const t = performance.now();
          if (open.firstMessage === null) open.firstMessage = t;
          open.lastMessage = t;
          open.bytesIn += m.data.byteLength || m.data.size || 0;
        });
      }
    }
  };
  // Then when the text is in it (its blocks made: more than a screenful) and when it takes typing (contenteditable).
  open.text = null;
  open.editable = null;
  const watchEditor = (el) => {
    const check = (observer) => {
      if (open.text === null && el.childElementCount > 40) open.text = performance.now();
      if (open.editable === null && el.getAttribute('contenteditable') === 'true') open.editable = performance.now();
      if (open.text !== null && open.editable !== null) observer.disconnect();
    };
    const observer = new MutationObserver(() => check(observer));
    observer.observe(el, { childList: true, attributes: true, attributeFilter: ['contenteditable'] });
    check(observer);
  };
  new MutationObserver((_, observer) => {
    const el = document.querySelector('[aria-label="Document text"]');
    if (!el) return;
    open.editor = performance.now();
    observer.disconnect();
    watchEditor(el);
  }).observe(document, { childList: true, subtree: true });
  addEventListener('keydown', (e) => {
    const start = e.timeStamp;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => bench.keys.push(performance.now() - start);
    channel.port2.postMessage(0);
  }, true);
})();`;

/**
 * With --renders: a stand-in for React DevTools' global hook, which React calls after every
 * commit, also in production. It counts the components whose render function ran in each
 * commit (the PerformedWork flag, in the subtrees the commit replaced), into __bench.renders.
 */
const RENDER_COUNTER = `(() => {
  const isComponent = (tag) => tag === 0 || tag === 1 || tag === 11 || tag === 14 || tag === 15;
  let renderers = 0;
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject(renderer) { renderers++; this.renderers.set(renderers, renderer); return renderers; },
    checkDCE() {},
    onScheduleFiberRoot() {},
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    onCommitFiberRoot(_id, root) {
      const bench = window.__bench;
      if (!bench) return;
      let count = 0;
      const stack = [root.current];
      for (let guard = 0; stack.length && guard < 100000; guard++) {
        const fiber = stack.pop();
        if (isComponent(fiber.tag) && (fiber.flags & 1) === 1) {
          count++;
          const type = fiber.type && (fiber.type.render || fiber.type.type || fiber.type);
          const name = typeof type === 'function' ? (type.displayName || type.name || '?') + ' ' + String(type).replace(/\\s+/g, ' ').slice(0, 140) : String(fiber.tag);
          bench.rendersBy[name] = (bench.rendersBy[name] || 0) + 1;
        }
        if (fiber.alternate && fiber.alternate.child === fiber.child) continue;
        for (let child = fiber.child; child; child = child.sibling) stack.push(child);
      }
      bench.renders.push(count);
    },
  };
})();`;

/** With --ours-css: a style sheet added to our page after its own (to try a CSS change without a build). */
function extraStyle(css: string): string {
  return `if (location.pathname.startsWith('/documents/')) addEventListener('DOMContentLoaded', () => { const s = document.createElement('style'); s.textContent = ${JSON.stringify(css)}; document.head.append(s); });`;
}

/** The open's milestones, ms from the navigation's start (null: did not happen before the page was editable). */
interface Milestones {
  idb: number | null;
  editor: number | null;
  socket: number | null;
  socketOpen: number | null;
  firstMessage: number | null;
  lastMessage: number | null;
  bytesIn: number;
  /** The editor's blocks made (the text in), and the editor taking typing. */
  text: number | null;
  editable: number | null;
}

interface Sample {
  side: 'ours' | 'bare';
  pages: number;
  paragraphs: number;
  colleagues: boolean;
  editableMs: number;
  keys: number[];
  longTasks: number[];
  /** Long tasks (≥ 50 ms) from navigation until the page was editable. */
  loadLongTasks: number[];
  /** The open, from the navigation's start: the HTML's first and last byte, the last script's last byte, DOMContentLoaded, and the script bytes fetched (decoded). */
  open: {
    firstByteMs: number;
    htmlEndMs: number;
    scriptsEndMs: number;
    domContentLoadedMs: number;
    scriptKiB: number;
    scripts: number;
    milestones: Milestones;
  };
  /** With --renders: React components rendered while typing (all commits), per key typed. */
  rendersPerKey: number | null;
}

async function main(): Promise<void> {
  const started = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-bench-editor-'));
  log('bundling the bare page');
  const bare = await build({
    entryPoints: [path.join(__dirname, 'editor', 'bare-page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    ...(args['bare-y-tiptap'] ? { alias: { '@tiptap/y-tiptap': path.resolve(args['bare-y-tiptap']) } } : {}),
    logLevel: 'error',
  });
  if (args['bare-y-tiptap']) log(`the bare page uses @tiptap/y-tiptap from ${args['bare-y-tiptap']}`);
  const bareJs = bare.outputFiles[0]!.text;
  const bareHtml = `<!doctype html><html lang="az"><head><meta charset="utf-8"><title>bare</title></head><body><main><div id="editor"></div></main><script src="/__bench/bare.js"></script></body></html>`;

  log(`starting the server (DATA_DIR ${dataDir})`);
  const server = await startServer({ dataDir, env: { LOG_LEVEL: 'error' } });
  // The bare page is served by playwright's routing, which Chromium treats as a public page:
  // its websocket to the loopback server would be refused by Local Network Access checks.
  const browser = await launchChromium(['--disable-features=LocalNetworkAccessChecks']);
  const colleagues: CollabClient[] = [];
  /** Stops the colleagues' typing timers, when a run fails half-way. */
  const stops: (() => Promise<void>)[] = [];
  try {
    const cookie = await signIn(server.url, 'drafter@example.org');
    const colleagueCookies = [await signIn(server.url, 'publisher@example.org'), await signIn(server.url, 'admin@example.org')];
    const documents: { pages: number; id: string; paragraphs: number; characters: number }[] = [];
    for (const pages of sizes) {
      const created = await api<{ id: string }>(server.url, cookie, 'POST', '/api/documents', { title: `${pages} pages`, kind: 'speech', language: 'az' });
      if (created.status !== 201) throw new Error(`creating a document: HTTP ${created.status} ${JSON.stringify(created.body)}`);
      const filled = await fill(server.url, created.body.id, cookie, pages);
      documents.push({ pages, id: created.body.id, ...filled });
      log(`${pages} pages: ${filled.paragraphs} blocks, ${filled.characters} characters`);
    }

    const newContext = async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addCookies(cookiesFor(cookie, server.url));
      await context.addInitScript(PROBE);
      if (args.renders) await context.addInitScript(RENDER_COUNTER);
      if (args['ours-css']) await context.addInitScript(extraStyle(fs.readFileSync(args['ours-css'], 'utf8')));
      await context.route(
        (url) => url.pathname.startsWith('/__bench/'),
        (route) =>
          route.fulfill(
            route.request().url().includes('bare.js')
              ? { contentType: 'text/javascript', body: bareJs }
              : { contentType: 'text/html; charset=utf-8', body: bareHtml },
          ),
      );
      return context;
    };
    const urlOf = (side: 'ours' | 'bare', id: string) => `${server.url}${side === 'ours' ? `/documents/${id}` : `/__bench/bare?doc=${id}`}`;

    // Warm-up, not recorded: the server's first render of each page, Chromium's first compile.
    log('warming up');
    for (const side of ['ours', 'bare'] as const) {
      const context = await newContext();
      await measure(context, side, urlOf(side, documents[0]!.id), documents[0]!, false, false, 10);
      await context.close();
    }

    const samples: Sample[] = [];
    for (const doc of documents) {
      for (const busy of withColleagues) {
        const stop = busy ? startColleagues(server.url, doc.id, colleagueCookies, colleagues) : null;
        if (stop) {
          stops.push(stop.stop);
          await stop.ready;
        }
        const largest = doc.pages === Math.max(...sizes);
        if (args['open-profile'] && largest) {
          // Profiled opens, not recorded: the profiler slows what it watches.
          for (const side of ['ours', 'bare'] as const) {
            const context = await newContext();
            if (args.warm) await measure(context, side, urlOf(side, doc.id), doc, false, false, 0);
            await measure(context, side, urlOf(side, doc.id), doc, busy, false, 0, true);
            await context.close();
          }
        }
        const order = Array.from({ length: repeat }, (_, r) => (r % 2 === 0 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const))).flat();
        for (const [i, side] of order.entries()) {
          const context = await newContext();
          // --warm: a day's second open (the browser's cache and compiled code, our local copy), not the first visit.
          if (args.warm) await measure(context, side, urlOf(side, doc.id), doc, false, false, 0);
          const profile = args.profile && side === 'ours' && largest && i === 0;
          let sample: Sample;
          try {
            let limit: NodeJS.Timeout | undefined;
            sample = await Promise.race([
              measure(context, side, urlOf(side, doc.id), doc, busy, profile),
              new Promise<never>((_, reject) => {
                limit = setTimeout(() => reject(new Error(`no result in ${OPEN_LIMIT_MS / 1000} s`)), OPEN_LIMIT_MS);
              }),
            ]).finally(() => clearTimeout(limit));
          } catch (err) {
            // A page so busy that it cannot be clicked or typed into within playwright's timeouts
            // or OPEN_LIMIT_MS is a result too (a stall), not a reason to lose the rest of the run.
            await context.close();
            log(`${side.padEnd(4)} ${String(doc.pages).padStart(3)} pages${busy ? ' +2 colleagues' : ''}: FAILED (${(err as Error).message.split('\n')[0]})`);
            continue;
          }
          samples.push(sample);
          // Written after every sample, so that a run cut short keeps what it measured.
          save(samples);
          await context.close();
          log(
            `${side.padEnd(4)} ${String(doc.pages).padStart(3)} pages${busy ? ' +2 colleagues' : ''}: key p50 ${fmt(pct(sample.keys, 50))} p95 ${fmt(pct(sample.keys, 95))} max ${fmt(Math.max(...sample.keys))}, long tasks ${sample.longTasks.length}, editable ${fmt(sample.editableMs)} (first byte ${fmt(sample.open.firstByteMs)}, HTML ${fmt(sample.open.htmlEndMs)}, scripts in ${fmt(sample.open.scriptsEndMs)}, DOMContentLoaded ${fmt(sample.open.domContentLoadedMs)}, ${sample.open.scripts} scripts ${Math.round(sample.open.scriptKiB)} KiB, long tasks while opening ${sample.loadLongTasks.length}${sample.loadLongTasks.length ? ` longest ${Math.round(Math.max(...sample.loadLongTasks))} ms` : ''}; ${milestones(sample.open.milestones)})${sample.rendersPerKey === null ? '' : `, React components rendered per key ${sample.rendersPerKey.toFixed(1)}`}`,
          );
        }
        if (stop) await stop.stop();
      }
    }
    process.stdout.write(`\n${report(samples)}\n`);
    log(`done in ${Math.round((Date.now() - started) / 1000)} s; raw samples in ${path.relative(process.cwd(), args.out!)}`);
  } finally {
    for (const stop of stops) await stop();
    for (const c of colleagues) c.destroy();
    await browser.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function save(samples: Sample[]): void {
  fs.mkdirSync(path.dirname(args.out!), { recursive: true });
  fs.writeFileSync(args.out!, JSON.stringify({ date: new Date().toISOString(), cores: os.cpus().length, keyCount, samples }, null, 2));
}

/** Writes the speech of `pages` pages into the document in one Yjs update, through a drafter's socket. */
async function fill(url: string, id: string, cookie: string, pages: number): Promise<{ paragraphs: number; characters: number }> {
  const client = connectClient(url, id, cookie);
  try {
    await waitSynced(client);
    const written = writeSpeech(client.ydoc, pages);
    await roundTrip(client, 60_000);
    return written;
  } finally {
    client.destroy();
  }
}

/**
 * Two colleagues typing elsewhere: one near the start, one near the end, a character every
 * 150 ms each, with their carets (awareness) following what they type.
 */
function startColleagues(url: string, id: string, cookies: string[], all: CollabClient[]): { ready: Promise<void>; stop: () => Promise<void> } {
  const clients = cookies.map((cookie) => connectClient(url, id, cookie));
  all.push(...clients);
  const timers: NodeJS.Timeout[] = [];
  const ready = (async () => {
    await Promise.all(clients.map((c) => waitSynced(c, 60_000)));
    clients.forEach((client, i) => {
      const fragment = client.ydoc.getXmlFragment('default');
      const blocks = fragment.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'paragraph');
      const target = blocks[i === 0 ? 1 : blocks.length - 2]!.get(0) as Y.XmlText;
      let at = 0;
      client.provider.awareness.setLocalStateField('user', { name: `Colleague ${i + 1}`, color: i === 0 ? '#2563eb' : '#dc2626' });
      timers.push(
        setInterval(() => {
          target.insert(at, 'ə');
          at++;
          const pos = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(target, at));
          client.provider.awareness.setLocalStateField('cursor', { anchor: pos, head: pos });
        }, 150),
      );
    });
  })();
  return {
    ready,
    stop: async () => {
      for (const t of timers) clearInterval(t);
      for (const c of clients) c.destroy();
      all.splice(0, all.length, ...all.filter((c) => !clients.includes(c)));
    },
  };
}

function milestones(m: Milestones): string {
  const at = (t: number | null) => (t === null ? '—' : `${Math.round(t)}`);
  return `editor element ${at(m.editor)}, text in ${at(m.text)}, contenteditable ${at(m.editable)}, IndexedDB ${at(m.idb)}, socket ${at(m.socket)} → open ${at(m.socketOpen)} → messages ${at(m.firstMessage)}–${at(m.lastMessage)} ms, ${Math.round(m.bytesIn / 1024)} KiB in`;
}

/** Opens `url`, waits for an editable editor holding the text, types `keyCount` keys in the middle. */
async function measure(
  context: BrowserContext,
  side: 'ours' | 'bare',
  url: string,
  doc: { pages: number; paragraphs: number; characters: number },
  colleagues: boolean,
  profile: boolean,
  keys = keyCount,
  profileOpen = false,
): Promise<Sample> {
  const page = await context.newPage();
  page.on('pageerror', (err) => log(`${side}: uncaught ${err.message}`));
  page.on('console', (m) => m.type() === 'error' && log(`${side}: console error ${m.text()}`));
  let openCdp: CDPSession | null = null;
  if (profileOpen) {
    // A page of the same origin first, so the profiler is attached to the renderer that will open the document.
    await page.goto(new URL('/api/health', url).href);
    openCdp = await context.newCDPSession(page);
    await openCdp.send('Profiler.enable');
    await openCdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await openCdp.send('Profiler.start');
  }
  // --open-trace: the open's main-thread tasks by kind, from a page of the same origin first (the renderer that opens the document).
  let openTrace: Awaited<ReturnType<typeof startTrace>> | null = null;
  if (args['open-trace']) {
    await page.goto(new URL('/api/health', url).href);
    openTrace = await startTrace(context, page);
  }
  await page.goto(url);
  const editableMs = (await (
    await page.waitForFunction(
      (min) => {
        const el = document.querySelector('[aria-label="Document text"][contenteditable="true"]');
        return el && (el.textContent ?? '').length >= min ? performance.now() : false;
      },
      Math.floor(doc.characters * 0.98),
      { polling: 'raf', timeout: 120_000 },
    )
  ).jsonValue()) as number;
  if (openTrace) {
    // A second more: the frames that lay the text out come after it is in.
    await page.waitForTimeout(OPEN_TRACE_AFTER_MS);
    log(
      `${side} ${doc.pages} pages${colleagues ? ' +2 colleagues' : ''}, the open's main thread until ${OPEN_TRACE_AFTER_MS} ms after editable: ${await openTrace.stop(1, 'in all')}`,
    );
  }
  if (openCdp) {
    const { profile: cpu } = await openCdp.send('Profiler.stop');
    await openCdp.detach();
    const file = path.join(__dirname, 'results', 'profiles', `editor-open-${side}-${doc.pages}p${colleagues ? '-colleagues' : ''}.cpuprofile`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(cpu));
    log(`CPU profile of the open, ${side}: ${path.relative(process.cwd(), file)}`);
    process.stdout.write(`${topSelfTime(cpu as unknown as CpuProfile)}\n${byScript(cpu as unknown as CpuProfile)}\n`);
  }
  const open = (await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) => r.initiatorType === 'script');
    return {
      firstByteMs: nav?.responseStart ?? Number.NaN,
      htmlEndMs: nav?.responseEnd ?? Number.NaN,
      scriptsEndMs: Math.max(...scripts.map((r) => r.responseEnd)),
      domContentLoadedMs: nav?.domContentLoadedEventEnd ?? Number.NaN,
      scriptKiB: scripts.reduce((sum, r) => sum + r.decodedBodySize, 0) / 1024,
      scripts: scripts.length,
      milestones: { ...(window as unknown as { __bench: { open: Milestones } }).__bench.open },
    };
  })) as Sample['open'];
  const paragraphs = page.locator('[aria-label="Document text"] p');
  const middle = paragraphs.nth(Math.floor((await paragraphs.count()) / 2));
  // Colleagues typing above it move the paragraph: scroll it into view and click without
  // waiting for it to stand still (playwright's stability check would wait for ever).
  await middle.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await middle.click({ force: true });
  // Settle: the click's own work and the first paint after it are not typing.
  await page.waitForTimeout(500);
  const typingStart = (await page.evaluate(() => {
    const bench = (window as unknown as { __bench: { keys: number[] } }).__bench;
    bench.keys.length = 0;
    (bench as unknown as { renders: number[] }).renders.length = 0;
    (bench as unknown as { rendersBy: Record<string, number> }).rendersBy = {};
    return performance.now();
  })) as number;
  let cdp: CDPSession | null = null;
  if (profile) {
    cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const tracing = (args.trace || args['trace-editing']) && keys > 0 ? await startTrace(context, page, { editing: args['trace-editing'] }) : null;
  const text = 'Birgə bəyanat layihəsinə düzəliş: əməkdaşlıq və qarşılıqlı hörmət prinsipləri əsasında. '.repeat(3).slice(0, keys);
  await page.keyboard.type(text, { delay: KEY_DELAY_MS });
  await page.waitForTimeout(500);
  if (tracing) log(`${side} ${doc.pages} pages${colleagues ? ' +2 colleagues' : ''}, main thread per key: ${await tracing.stop(keys)}`);
  if (cdp) {
    const { profile: cpu } = await cdp.send('Profiler.stop');
    const file = path.join(__dirname, 'results', 'profiles', `editor-ours-${doc.pages}p${colleagues ? '-colleagues' : ''}.cpuprofile`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(cpu));
    log(`CPU profile of our editor while typing: ${path.relative(process.cwd(), file)}`);
    process.stdout.write(`${topSelfTime(cpu as unknown as CpuProfile)}\n`);
  }
  const result = (await page.evaluate(
    () => (window as unknown as { __bench: { keys: number[]; longTasks: { start: number; duration: number }[]; renders: number[] } }).__bench,
  )) as {
    keys: number[];
    longTasks: { start: number; duration: number }[];
    renders: number[];
    rendersBy: Record<string, number>;
  };
  await page.close();
  if (args.renders && keys > 0) {
    const top = Object.entries(result.rendersBy ?? {})
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12);
    log(`${side} ${doc.pages} pages: components rendered while typing ${keys} keys (the count, then the component's name and source start):`);
    for (const [name, n] of top) process.stdout.write(`  ${String(n).padStart(5)}  ${name}\n`);
  }
  return {
    side,
    pages: doc.pages,
    paragraphs: doc.paragraphs,
    colleagues,
    editableMs,
    keys: result.keys,
    longTasks: result.longTasks.filter((t) => t.start >= typingStart).map((t) => t.duration),
    loadLongTasks: result.longTasks.filter((t) => t.start < editableMs).map((t) => t.duration),
    open,
    rendersPerKey: args.renders && keys > 0 ? result.renders.reduce((a, b) => a + b, 0) / keys : null,
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions with the most self time in a CPU profile (a quick reading; open the file in DevTools for more). */
function topSelfTime(profile: CpuProfile, count = 20): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self]
    .filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([k, ms]) => `  ${ms.toFixed(1).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
}

/** Self time per script (the bundle's chunks, the page, V8's own work), from a CPU profile. */
function byScript(profile: CpuProfile): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = f.url ? f.url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '') : f.functionName || '(anonymous)';
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([k, ms]) => `  ${ms.toFixed(1).padStart(8)} ms  ${k}`)
    .join('\n');
}

function pct(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function fmt(ms: number): string {
  return Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : '—';
}

/**
 * One table: each size (alone, then with colleagues), ours and bare side by side, and ours / bare.
 * With --repeat, keys are pooled over the opens and "editable" is the median open.
 */
function report(samples: Sample[]): string {
  const rows = [
    '| pages | blocks | colleagues | key p50 ours / bare | key p95 ours / bare | key max ours / bare | long tasks ours / bare (longest) | editable ours / bare (median) | longest task opening ours / bare (median) | opens |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const ratio = (a: number, b: number) => `${fmt(a)} / ${fmt(b)} = **${(a / b).toFixed(2)}×**`;
  const groups = new Map<string, { ours: Sample[]; bare: Sample[] }>();
  for (const s of samples) {
    const key = `${s.pages}/${s.colleagues}`;
    if (!groups.has(key)) groups.set(key, { ours: [], bare: [] });
    groups.get(key)![s.side].push(s);
  }
  const keysOf = (g: Sample[]) => g.flatMap((s) => s.keys);
  const tasksOf = (g: Sample[]) => g.flatMap((s) => s.longTasks);
  const editable = (g: Sample[]) =>
    pct(
      g.map((s) => s.editableMs),
      50,
    );
  const longest = (g: Sample[]) => (tasksOf(g).length ? `${Math.round(Math.max(...tasksOf(g)))} ms` : '—');
  /** The longest task before the page was editable, each open's, median over the opens (0: none of 50 ms). */
  const openingStall = (g: Sample[]) =>
    pct(
      g.map((s) => Math.max(0, ...s.loadLongTasks)),
      50,
    );
  const p50 = new Map<number, { ours: number; bare: number }>();
  for (const { ours, bare } of groups.values()) {
    if (!ours.length || !bare.length) continue;
    const first = ours[0]!;
    if (!first.colleagues) p50.set(first.pages, { ours: pct(keysOf(ours), 50), bare: pct(keysOf(bare), 50) });
    rows.push(
      `| ${first.pages} | ${first.paragraphs} | ${first.colleagues ? 2 : 0} | ${ratio(pct(keysOf(ours), 50), pct(keysOf(bare), 50))} | ${ratio(pct(keysOf(ours), 95), pct(keysOf(bare), 95))} | ${ratio(Math.max(...keysOf(ours)), Math.max(...keysOf(bare)))} | ${tasksOf(ours).length} (${longest(ours)}) / ${tasksOf(bare).length} (${longest(bare)}) | ${ratio(editable(ours), editable(bare))} | ${fmt(openingStall(ours))} / ${fmt(openingStall(bare))} | ${ours.length} |`,
    );
  }
  const smallest = Math.min(...p50.keys());
  if (p50.has(60) && smallest !== 60) {
    const growth = (side: 'ours' | 'bare') => (p50.get(60)![side] / p50.get(smallest)![side]).toFixed(2);
    rows.push('', `key p50 at 60 pages / at ${smallest} pages: ours **${growth('ours')}×**, the bare page ${growth('bare')}×`);
  }
  return rows.join('\n');
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
