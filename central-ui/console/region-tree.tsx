import type { ConsoleRegion } from '../../contract/central/console.ts';
import type { ConsoleState } from '../lib/console-stream.ts';
import { hallsUnder, totals } from './derive.ts';

/** The user's region and everything below it; each node shows its halls online and its alerts. */
export function RegionTree({ state, selected, now, onSelect }: { state: ConsoleState; selected: string; now: number; onSelect(code: string): void }) {
  const children = new Map<string, ConsoleRegion[]>();
  for (const r of state.regions) {
    if (r.code === state.root.code || !r.parent) continue;
    children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  }
  // Villages are many and each holds one station: the tree stops at townships, whose halls list them.
  const node = (r: ConsoleRegion, depth: number) => {
    const halls = hallsUnder(state, r.code);
    const t = totals(state, halls, now);
    const kids = (children.get(r.code) ?? []).filter((c) => c.level !== 'village');
    return (
      <li key={r.code}>
        <button type="button" class={`tree-node${selected === r.code ? ' tree-selected' : ''}`} style={{ paddingLeft: `${8 + depth * 16}px` }} data-region={r.code} onClick={() => onSelect(r.code)}>
          <span>{r.name}</span>
          <span class="tree-count">
            {t.online}/{t.halls} 在线{t.alerts ? <span class="tree-alert"> · {t.alerts} 告警</span> : null}
          </span>
        </button>
        {kids.length ? <ul class="tree">{kids.map((k) => node(k, depth + 1))}</ul> : null}
      </li>
    );
  };
  return <ul class="tree" aria-label="区域">{node(state.root, 0)}</ul>;
}
