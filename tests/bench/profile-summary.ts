/**
 * Summarises V8 CPU profiles (`npm run bench -- --profile` writes them) by where the busy
 * time went: self time per function and per package, with each sample's time delta capped
 * (`--cap`, 2 ms): on a loaded machine a sample taken after the process was descheduled
 * carries the whole gap, and one such sample can charge half a second to one function.
 *
 *   node --import tsx tests/bench/profile-summary.ts tests/bench/results/profiles/ours/*.cpuprofile
 *   node --import tsx tests/bench/profile-summary.ts --top 60 --cap 1 <files…>
 *   node --import tsx tests/bench/profile-summary.ts --under drain,appendUpdates <files…>   time with these on the stack
 *   node --import tsx tests/bench/profile-summary.ts --from 20 --to 45 <files…>   only samples 20–45 s after the profile began
 *
 * It reads profiles only; nothing in it runs under vitest.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values: args, positionals: files } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '40' },
    cap: { type: 'string', default: '2' },
    under: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
});
const capUs = Number(args.cap) * 1000;

/** Which package (or part of node) a frame belongs to, for the per-package table. */
function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return 'node internals';
  // The compiled server (server-core.cjs; @tiptap/y-tiptap is compiled into it) and its loader.
  if (url.includes('/.next/communique/')) return 'our server';
  if (url.includes('/.next/')) return 'next build';
  return url.replace(/^file:\/\//, '').replace(/^.*\/(src|server|lib)\//, '$1/');
}

for (const file of files) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const under = (args.under ?? '').split(',').filter(Boolean);
  const inclusive = new Map<string, number>(under.map((name) => [name, 0]));
  const self = new Map<number, number>();
  let total = 0;
  let capped = 0;
  const fromUs = Number(args.from ?? 0) * 1e6;
  const toUs = args.to === undefined ? Infinity : Number(args.to) * 1e6;
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < fromUs || at > toUs) return;
    const raw = profile.timeDeltas[i + 1] ?? 0;
    const dt = Math.min(Math.max(raw, 0), capUs);
    if (raw > capUs) capped++;
    self.set(id, (self.get(id) ?? 0) + dt);
    total += dt;
    if (!under.length) return;
    const names = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) names.add(byId.get(n)!.callFrame.functionName);
    for (const name of under) if (names.has(name)) inclusive.set(name, inclusive.get(name)! + dt);
  });
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  let idle = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') idle += us;
    const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const p = packageOf(url, functionName);
    pkg.set(p, (pkg.get(p) ?? 0) + us);
  }
  const busy = total - idle;
  const ms = (us: number) => (us / 1000).toFixed(0).padStart(7);
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  process.stdout.write(`\n${file}\nbusy ${ms(busy)} ms (idle ${ms(idle)} ms; ${capped} samples capped at ${args.cap} ms)\n\nby package:\n`);
  for (const [p, us] of [...pkg].sort((a, b) => b[1] - a[1]).filter(([p]) => p !== '(idle)')) process.stdout.write(`  ${ms(us)} ms ${pct(us)}  ${p}\n`);
  if (under.length) {
    process.stdout.write('\nwith these on the stack (inclusive):\n');
    for (const [name, us] of inclusive) process.stdout.write(`  ${ms(us)} ms ${pct(us)}  ${name}\n`);
  }
  process.stdout.write('\nby function (self):\n');
  for (const [k, us] of [...fn]
    .sort((a, b) => b[1] - a[1])
    .filter(([k]) => !k.startsWith('(idle)'))
    .slice(0, Number(args.top)))
    process.stdout.write(`  ${ms(us)} ms ${pct(us)}  ${k}\n`);
}
