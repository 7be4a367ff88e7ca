/**
 * `tsx bench/profile-summary.ts <file.cpuprofile> [top]`: sums a V8 CPU profile's self time per
 * function and per source file, so a benchmark run's server profile (see HALLQ_BENCH_CPU_PROF in
 * bench/README.md) reads as a short list of where the time went.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: profile-summary.ts <file.cpuprofile> [top]\n');
  process.exit(64);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const root = process.cwd();
const where = (url: string): string => {
  if (!url) return '(native)';
  const p = url.startsWith('file://') ? new URL(url).pathname : url;
  const nm = p.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = p.slice(nm + '/node_modules/'.length).split('/');
    return `npm:${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  return p.startsWith(root) ? path.relative(root, p) : p;
};

// Parents, for inclusive (total) time: a function's own time plus everything it called.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
// Line and column: tsx compiles without line breaks, so anonymous functions differ by column only.
const label = (n: ProfileNode): string => {
  const f = where(n.callFrame.url);
  return `${n.callFrame.functionName || '(anonymous)'}  ${f}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}` : ''}`;
};

const fns = new Map<string, number>();
const files = new Map<string, number>();
const totals = new Map<string, number>();
let idle = 0;
let busy = 0;
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  if (n.callFrame.functionName === '(idle)') {
    idle += us;
    continue;
  }
  busy += us;
  fns.set(label(n), (fns.get(label(n)) ?? 0) + us);
  const f = where(n.callFrame.url);
  files.set(f, (files.get(f) ?? 0) + us);
  // Each function on the stack once, however often it recurses.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const l = label(byId.get(at)!);
    if (!seen.has(l)) totals.set(l, (totals.get(l) ?? 0) + us);
    seen.add(l);
  }
}
const show = (title: string, m: Map<string, number>, filter: (k: string) => boolean = () => true) => {
  process.stdout.write(`\n${title} (% of busy time ${(busy / 1000).toFixed(0)} ms; idle ${(idle / 1000).toFixed(0)} ms)\n`);
  for (const [k, us] of [...m].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${((100 * us) / busy).toFixed(1).padStart(6)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}\n`);
  }
};
show('self time by file', files);
show('self time by function', fns);
// Inclusive time of the project's own functions: where a request's time goes, layer by layer.
show('total time (self + callees) of project functions', totals, (k) => /\s(server|contract|bench|tests)\//.test(k));
