import type { BrowserContext, Page } from 'playwright-core';

/** One Chrome trace event (the JSON trace format). */
interface TraceEvent {
  name: string;
  /** Its categories, comma-separated. */
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread time: what the thread really ran (dur is wall time, longer when the thread waited for a core). */
  tdur?: number;
  args?: { name?: string; data?: { type?: string }; elementCount?: number; beginData?: { dirtyObjects?: number } };
}

/** A top-level piece of a main-thread task, by its trace event's name (keyboard events by their type). */
function traceKind(e: TraceEvent): string {
  if (e.name === 'EventDispatch') return `event ${e.args?.data?.type ?? '?'}`;
  if (e.name === 'TimerFire') return 'timers';
  if (e.name === 'FireIdleCallback') return 'idle callbacks';
  if (e.name === 'FireAnimationFrame') return 'animation frames';
  if (e.name === 'SimpleWatcher::OnHandleReady' || e.name === 'v8.callFunction' || e.name === 'FunctionCall') return 'messages and callbacks';
  if (e.name === 'UpdateLayoutTree') return 'style';
  if (e.name === 'Layout') return 'layout';
  if (['PrePaint', 'Paint', 'Layerize', 'UpdateLayer', 'Commit'].includes(e.name)) return 'paint';
  if (e.name.includes('GC')) return 'gc';
  return `other (${e.name})`;
}
const TASK_EVENTS = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/**
 * Traces the page's renderer (toplevel, devtools.timeline) until `stop`, which takes the
 * renderer main thread's tasks and sums what runs directly inside them by kind (a keyboard
 * event's handlers with the layout they force, timers, idle callbacks, messages such as the
 * socket's and IndexedDB's, style and layout, paint, gc), per key and largest first.
 */
/** Blink's own trace events inside a key's events (the editing commands, the selection's sync with the browser): more detail, more overhead. */
const EDITING_CATEGORIES = ',blink,disabled-by-default-blink.debug';
const KEY_EVENTS = new Set(['keydown', 'keypress', 'beforeinput', 'textInput', 'input', 'keyup']);

export async function startTrace(
  context: BrowserContext,
  page: Page,
  options: { editing?: boolean } = {},
): Promise<{ stop: (keys: number, unit?: string) => Promise<string> }> {
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => {
    events.push(...(data.value as unknown as TraceEvent[]));
  });
  await cdp.send('Tracing.start', { categories: `toplevel,devtools.timeline${options.editing ? EDITING_CATEGORIES : ''}`, transferMode: 'ReportEvents' });
  return {
    async stop(keys, unit = 'a key') {
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach();
      const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
      const spans = events
        .filter((e) => e.ph === 'X' && typeof e.dur === 'number' && main.has(`${e.pid}:${e.tid}`))
        .sort((x, y) => x.ts - y.ts || y.dur! - x.dur!);
      // Counts, not times (the same whatever the machine's load): elements whose style was
      // recalculated and layout objects laid out again, per key.
      const restyled = spans.filter((e) => e.name === 'UpdateLayoutTree').reduce((n, e) => n + (e.args?.elementCount ?? 0), 0);
      const relaidOut = spans.filter((e) => e.name === 'Layout').reduce((n, e) => n + (e.args?.beginData?.dirtyObjects ?? 0), 0);
      const byKind = new Map<string, number>();
      let tasks = 0;
      let count = 0;
      const open: TraceEvent[] = [];
      /** Tasks of 50 ms and more: their length and what ran in them, largest first. */
      const long: { ms: number; at: number; laidOut: number; parts: Map<string, number> }[] = [];
      let task: { ms: number; at: number; laidOut: number; parts: Map<string, number> } | null = null;
      const firstTs = spans.find((e) => TASK_EVENTS.has(e.name))?.ts ?? 0;
      // The kinds are read from the default categories' events: Blink's own (--trace-editing) nest between them.
      for (const e of spans.filter((x) => /toplevel|devtools\.timeline/.test(x.cat ?? ''))) {
        while (open.length && open.at(-1)!.ts + open.at(-1)!.dur! <= e.ts) open.pop();
        const parent = open.at(-1);
        if (TASK_EVENTS.has(e.name)) {
          if (!parent) {
            tasks += e.dur!;
            count++;
            task = e.dur! >= 50_000 ? { ms: e.dur! / 1000, at: (e.ts - firstTs) / 1000, laidOut: 0, parts: new Map() } : null;
            if (task) long.push(task);
          }
        } else if (parent && TASK_EVENTS.has(parent.name)) {
          byKind.set(traceKind(e), (byKind.get(traceKind(e)) ?? 0) + e.dur!);
          if (task) task.parts.set(traceKind(e), (task.parts.get(traceKind(e)) ?? 0) + e.dur! / 1000);
        }
        if (task && e.name === 'Layout') task.laidOut += e.args?.beginData?.dirtyObjects ?? 0;
        open.push(e);
      }
      const perKey = (us: number) => (us / 1000 / keys).toFixed(1);
      const parts = [...byKind].sort((x, y) => y[1] - x[1]).map(([kind, us]) => `${kind} ${perKey(us)}`);
      const longest = long
        .sort((x, y) => y.ms - x.ms)
        .slice(0, 8)
        .map(
          (t) =>
            `${Math.round(t.ms)} ms at ${Math.round(t.at)}${t.laidOut ? ` laying out ${t.laidOut} objects` : ''} (${[...t.parts]
              .sort((x, y) => y[1] - x[1])
              .slice(0, 3)
              .map(([k, ms]) => `${k} ${Math.round(ms)}`)
              .join(', ')})`,
        );
      const editing = options.editing ? `; inside the key's events (thread time, self): ${insideKeyEvents(spans, keys)}` : '';
      return `${(count / keys).toFixed(1)} tasks, ${perKey(tasks)} ms; ${Math.round(restyled / keys)} elements restyled and ${Math.round(relaidOut / keys)} layout objects laid out ${unit}; ${parts.join(', ')} ms${longest.length ? `; tasks ≥ 50 ms: ${longest.join('; ')}` : ''}${editing}`;
    },
  };
}

/**
 * Where a key's events spend their time, by trace event, each event's own thread time less
 * its children's: the browser's editing work (Editor::SyncSelection, GetSelectionOffsets,
 * the layout it forces) beside the page's scripts (FunctionCall), per key, largest first.
 */
function insideKeyEvents(spans: TraceEvent[], keys: number): string {
  const own = new Map<string, number>();
  const open: { e: TraceEvent; key: boolean }[] = [];
  const time = (e: TraceEvent) => e.tdur ?? e.dur!;
  for (const e of spans) {
    while (open.length && open.at(-1)!.e.ts + open.at(-1)!.e.dur! <= e.ts) open.pop();
    const parent = open.at(-1);
    const key = (parent?.key ?? false) || (e.name === 'EventDispatch' && KEY_EVENTS.has(e.args?.data?.type ?? ''));
    if (key) {
      own.set(e.name, (own.get(e.name) ?? 0) + time(e));
      if (parent?.key) own.set(parent.e.name, (own.get(parent.e.name) ?? 0) - time(e));
    }
    open.push({ e, key });
  }
  return [...own]
    .filter(([, us]) => us / keys >= 100)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 8)
    .map(([name, us]) => `${name} ${(us / 1000 / keys).toFixed(1)}`)
    .join(', ');
}
