import type { Request } from 'express';
import type { GraphEdge, GraphScope } from '../../domain/ui/read-models.ts';
import { serviceGraphRead } from '../../domain/reads.ts';
import type { Deps } from '../../deps.ts';
import { ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { listEnvironments } from '../../repositories/environments.ts';
import { html, raw, uiUrl, type Html } from '../html.ts';
import { layoutGraph } from '../graph-layout.ts';
import { page } from '../layout.ts';
import { slug } from './overview.ts';

const q = (req: Request, name: string) =>
  typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined;

type State = GraphEdge['state'];

const EDGE: Record<State, { cls: string; symbol: string; words: string }> = {
  compatible: { cls: 'e-ok', symbol: '✓', words: 'compatible' },
  incompatible: { cls: 'e-bad', symbol: '✗', words: 'incompatible' },
  unknown: { cls: 'e-unk', symbol: '?', words: 'unknown' },
  'not-deployed': { cls: 'e-off', symbol: '·', words: 'not live in this environment' },
  'no-environment': { cls: 'e-plain', symbol: '', words: 'integration' },
};
/** Worst first. */
const SEVERITY: Record<State, number> = {
  incompatible: 4,
  unknown: 3,
  compatible: 2,
  'not-deployed': 1,
  'no-environment': 0,
};
const worstOf = (states: State[]): State => states.reduce((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a));

/** Above this many integrations, the page opens on the summary instead of drawing them all. */
export const SUMMARY_EDGES = 150;
/** This many integrations or more from one column into one service are drawn as one bundle. */
export const BUNDLE_MIN = 5;
const TOP = 12;
const WORST_PAIRS = 25;

function hops(req: Request, name: 'up' | 'down'): number {
  const v = q(req, name);
  if (v === undefined || v === '') return 1;
  if (!/^[0-2]$/.test(v)) throw ValidationError.of(name, message('graph.hops', { direction: name, value: v }));
  return Number(v);
}

/**
 * Service graph: who consumes whom, edges coloured, patterned and labelled by compatibility in an environment.
 * Above SUMMARY_EDGES integrations it opens on a summary (counts, the most connected services, the worst pairs,
 * every service as a tile); `focus` with `up`/`down` (0-2 hops) draws a blast radius, which the server chooses
 * before it resolves any evidence; `view=graph` draws everything anyway.
 */
export async function graphPage(deps: Deps, req: Request): Promise<Html> {
  const asked = q(req, 'environment');
  const focus = q(req, 'focus')?.trim() || undefined;
  const problems = q(req, 'problems') === '1';
  const view = q(req, 'view');
  if (view !== undefined && view !== '' && view !== 'summary' && view !== 'graph')
    throw ValidationError.of('view', message('graph.view', { value: view }));
  const scope: GraphScope | undefined = focus ? { focus, up: hops(req, 'up'), down: hops(req, 'down') } : undefined;
  const envNames = (await deps.store.read(() => listEnvironments())).map((e) => ({
    name: e.name,
    production: Boolean(e.production),
  }));
  const environment =
    asked !== undefined ? asked || undefined : (envNames.find((e) => e.production) ?? envNames[0])?.name;
  const data = await deps.store.readNamed(serviceGraphRead, environment, scope);
  let edges = data.edges;
  let names = data.nodes.map((n) => n.name);
  if (problems) {
    edges = edges.filter((e) => e.state === 'incompatible' || e.state === 'unknown');
    const keep = new Set(edges.flatMap((e) => [e.consumer, e.provider]));
    if (focus) keep.add(focus);
    names = names.filter((n) => keep.has(n));
  }
  const counts: Record<State, number> = {
    compatible: 0,
    incompatible: 0,
    unknown: 0,
    'not-deployed': 0,
    'no-environment': 0,
  };
  for (const e of edges) counts[e.state]++;
  const summary = !focus && view !== 'graph' && (view === 'summary' || edges.length > SUMMARY_EDGES);

  const self = (over: Record<string, string | undefined>) => {
    const p = new URLSearchParams();
    const v: Record<string, string | undefined> = {
      environment: environment ?? '',
      focus,
      up: scope ? String(scope.up) : undefined,
      down: scope ? String(scope.down) : undefined,
      problems: problems ? '1' : undefined,
      view: view || undefined,
      ...over,
    };
    for (const [k, x] of Object.entries(v)) if (x !== undefined) p.set(k, x);
    return `/ui/graph?${p}`;
  };
  const radius = (n: string, up = 2, down = 1) =>
    self({ focus: n, up: String(up), down: String(down), view: undefined });
  const hopOptions = (chosen: number) =>
    [0, 1, 2].map((h) => html`<option value="${h}"${h === chosen ? html` selected` : ''}>${h}</option>`);

  const form = html`
<form class="filters graph-form" method="get" action="/ui/graph">
  <label for="g-env">Compatibility in</label>
  <select id="g-env" name="environment">
    <option value=""${environment ? '' : html` selected`}>no environment (structure only)</option>
    ${envNames.map((e) => html`<option value="${e.name}"${e.name === environment ? html` selected` : ''}>${e.name}</option>`)}
  </select>
  <label for="g-focus">Focus on</label>
  <input id="g-focus" name="focus" list="g-services" value="${focus ?? ''}" autocomplete="off" placeholder="type a service name" size="22" data-graph-picker>
  <datalist id="g-services">${data.allNames.map((n) => html`<option value="${n}"></option>`)}</datalist>
  <label for="g-up">hops up (consumers)</label>
  <select id="g-up" name="up">${hopOptions(scope?.up ?? 1)}</select>
  <label for="g-down">hops down (providers)</label>
  <select id="g-down" name="down">${hopOptions(scope?.down ?? 1)}</select>
  <label class="check"><input type="checkbox" name="problems" value="1"${problems ? html` checked` : ''}> only incompatible and unknown</label>
  <button type="submit">Show</button>
</form>`;

  const problemsLink =
    !problems && environment && (counts.incompatible || counts.unknown)
      ? html` · <a href="${self({ problems: '1' })}">only the problems</a>`
      : '';
  const stateCounts = environment
    ? html` in <a href="${uiUrl.environment(environment)}">${environment}</a>: ${counts.compatible} compatible, ${counts.incompatible} incompatible, ${counts.unknown} unknown, ${counts['not-deployed']} not live there`
    : '';

  const body = summary ? summaryView() : graphView();
  return page({ title: 'Service graph', section: 'graph', body, environments: envNames.map((e) => e.name) });

  function summaryView(): Html {
    const degree = new Map<string, { consumers: number; providers: number; states: State[] }>();
    for (const n of names) degree.set(n, { consumers: 0, providers: 0, states: [] });
    for (const e of edges) {
      const c = degree.get(e.consumer);
      const p = degree.get(e.provider);
      if (c) {
        c.providers++;
        c.states.push(e.state);
      }
      if (p) {
        p.consumers++;
        p.states.push(e.state);
      }
    }
    const tileState = (n: string): State | 'none' => {
      const s = degree.get(n)!.states;
      return s.length ? worstOf(s) : 'none';
    };
    const connected = [...degree]
      .sort((a, b) => b[1].consumers + b[1].providers - (a[1].consumers + a[1].providers) || (a[0] < b[0] ? -1 : 1))
      .slice(0, TOP);
    const bad = (s: State) => s === 'incompatible' || s === 'unknown';
    const worst = edges
      .filter((e) => bad(e.state))
      .sort((a, b) => SEVERITY[b.state] - SEVERITY[a.state] || (a.consumer < b.consumer ? -1 : 1));
    const tiles = [...names].sort((a, b) => {
      const sa = tileState(a);
      const sb = tileState(b);
      return (sb === 'none' ? -1 : SEVERITY[sb]) - (sa === 'none' ? -1 : SEVERITY[sa]) || (a < b ? -1 : 1);
    });
    const tileCounts = new Map<State | 'none', number>();
    for (const n of names) tileCounts.set(tileState(n), (tileCounts.get(tileState(n)) ?? 0) + 1);
    const majority = [...tileCounts].sort((a, b) => b[1] - a[1])[0]?.[0];
    const dimTiles = tileCounts.size > 1 ? majority : undefined;
    const tileCls = (s: State | 'none') => (s === 'none' ? 't-none' : `t-${EDGE[s].cls.slice(2)}`);
    const badgeOf = (s: State) =>
      html`<span class="badge ${EDGE[s].cls}">${EDGE[s].symbol ? html`<span aria-hidden="true">${EDGE[s].symbol}</span> ` : ''}${EDGE[s].words}</span>`;
    return html`${form}
<p class="count" data-graph-summary>${names.length} services, ${edges.length} integrations${stateCounts}${problemsLink}. Too many to draw readably: this is the summary; pick a service for its blast radius, or <a href="${self({ view: 'graph' })}">draw every integration anyway</a>.</p>
${
  environment
    ? html`<ul class="state-counts" aria-label="Integrations by state">${(['incompatible', 'unknown', 'compatible', 'not-deployed'] as State[]).map((s) => html`<li data-state="${s}">${badgeOf(s)} <strong>${counts[s]}</strong></li>`)}</ul>`
    : ''
}
<div class="graph-summary">
<section aria-labelledby="g-hubs">
<h2 id="g-hubs">Most connected services</h2>
<table class="grid" data-hubs>
<thead><tr><th scope="col">Service</th><th scope="col">Consumers</th><th scope="col">Providers</th>${environment ? html`<th scope="col">Incompatible or unknown</th>` : ''}<th scope="col">Blast radius</th></tr></thead>
<tbody>${connected.map(([n, d]) => html`<tr><td><a href="${uiUrl.pacticipant(n)}">${n}</a></td><td>${d.consumers}</td><td>${d.providers}</td>${environment ? html`<td>${d.states.filter(bad).length}</td>` : ''}<td><a href="${radius(n)}" aria-label="2 up, 1 down from ${n}">2 up, 1 down</a></td></tr>`)}</tbody>
</table>
</section>
${
  environment
    ? html`<section aria-labelledby="g-worst">
<h2 id="g-worst">Worst pairs</h2>
${
  worst.length
    ? html`<table class="grid" data-worst-pairs>
<thead><tr><th scope="col">Consumer</th><th scope="col">Provider</th><th scope="col">In ${environment}</th><th scope="col">Matrix</th></tr></thead>
<tbody>${worst.slice(0, WORST_PAIRS).map((e) => html`<tr><td><a href="${radius(e.consumer, 1, 1)}">${e.consumer}</a></td><td><a href="${radius(e.provider, 1, 1)}">${e.provider}</a></td><td>${badgeOf(e.state)}${e.declared ? html` <span class="muted">(declared)</span>` : ''}</td><td><a href="${uiUrl.matrix(e.provider, e.consumer)}?environment=${encodeURIComponent(environment)}">matrix</a></td></tr>`)}</tbody>
</table>${worst.length > WORST_PAIRS ? html`<p class="muted">and ${worst.length - WORST_PAIRS} more: <a href="${self({ problems: '1', view: 'graph' })}">draw only the problems</a>.</p>` : ''}`
    : html`<p>None: every integration live in ${environment} is compatible.</p>`
}
</section>`
    : ''
}
</div>
<h2 id="g-tiles">Every service, worst state first</h2>
<p class="muted">Each tile is a service coloured by the worst state of its integrations${dimTiles && dimTiles !== 'none' ? html`; the most common (${EDGE[dimTiles].words}) is drawn faint` : ''}. Choose one for its blast radius: its consumers two hops up and its providers one hop down.</p>
<ul class="tiles" aria-labelledby="g-tiles" data-graph-tiles>${tiles.map((n) => {
      const s = tileState(n);
      const d = degree.get(n)!;
      return html`<li><a class="tile ${tileCls(s)}${s === dimTiles ? ' dimmed' : ''}" href="${radius(n)}" data-s="${slug(n)}" data-state="${s}" title="${n}: ${d.consumers} consumers, ${d.providers} providers${s === 'none' ? '' : `, worst ${EDGE[s].words}`}">${s !== 'none' && EDGE[s].symbol ? html`<span aria-hidden="true">${EDGE[s].symbol}</span> ` : ''}${clip(n)}</a></li>`;
    })}</ul>`;
  }

  function graphView(): Html {
    const hopsOf = data.hops;
    const layout = layoutGraph(names, edges, hopsOf);
    // Parallel integrations of one pair (a pact and a declared requirement) are one line with a count.
    const pairs = new Map<string, GraphEdge[]>();
    for (const e of edges) {
      const k = `${e.consumer}\u0000${e.provider}`;
      const list = pairs.get(k);
      if (list) list.push(e);
      else pairs.set(k, [e]);
    }
    const drawn = [...pairs.values()].map((members) => ({
      consumer: members[0]!.consumer,
      provider: members[0]!.provider,
      state: worstOf(members.map((m) => m.state)),
      members,
    }));
    const stateCount = new Map<State, number>();
    for (const d of drawn) stateCount.set(d.state, (stateCount.get(d.state) ?? 0) + 1);
    const majority = stateCount.size > 1 ? [...stateCount].sort((a, b) => b[1] - a[1])[0]![0] : undefined;
    const labelAll = drawn.length <= SUMMARY_EDGES;
    // Many integrations from one column into one service: drawn to a junction beside the column, then one trunk.
    const bundles = new Map<string, typeof drawn>();
    for (const d of drawn) {
      const a = layout.nodes.get(d.consumer)!;
      const b = layout.nodes.get(d.provider)!;
      if (b.rank <= a.rank) continue;
      const k = `${d.provider}\u0000${a.rank}`;
      const list = bundles.get(k);
      if (list) list.push(d);
      else bundles.set(k, [d]);
    }
    for (const [k, list] of bundles) if (list.length < BUNDLE_MIN) bundles.delete(k);
    const bundled = new Map<(typeof drawn)[number], { x: number; y: number }>();
    const trunks: Html[] = [];
    for (const [, list] of bundles) {
      const b = layout.nodes.get(list[0]!.provider)!;
      const from = layout.columns.get(layout.nodes.get(list[0]!.consumer)!.rank)!;
      const j = { x: from.right + 36, y: b.y };
      for (const d of list) bundled.set(d, j);
      const state = worstOf(list.map((d) => d.state));
      const s = EDGE[state];
      const x2 = b.x - b.width / 2 - 4;
      const tally = (['incompatible', 'unknown', 'compatible', 'not-deployed', 'no-environment'] as State[])
        .map((st) => [st, list.filter((d) => d.state === st).length] as const)
        .filter(([, n]) => n > 0)
        .map(([st, n]) => `${n} ${EDGE[st].words}`)
        .join(', ');
      trunks.push(
        html`<g class="bundle ${s.cls}" data-p="${slug(b.name)}" data-count="${list.length}" data-worst="${state}"><title>${list.length} integrations into ${b.name} from one column: ${tally}</title><path d="M${r(j.x)},${r(j.y)} L${r(x2)},${r(j.y)}" marker-end="url(#arrow-${s.cls})"/><circle cx="${r(j.x)}" cy="${r(j.y)}" r="4"/><text class="blabel" x="${r((j.x + x2) / 2)}" y="${r(j.y - 6)}" text-anchor="middle" aria-hidden="true">${list.length}${s.symbol ? ` ${s.symbol}` : ''}</text></g>`,
      );
    }
    const edgeSvg = drawn.map((d) => {
      const a = layout.nodes.get(d.consumer)!;
      const b = layout.nodes.get(d.provider)!;
      const x1 = a.x + a.width / 2,
        y1 = a.y;
      const j = bundled.get(d);
      const x2 = j ? j.x : b.x - b.width / 2 - 4,
        y2 = j ? j.y : b.y;
      const dx = Math.max(40, Math.abs(x2 - x1) / 2);
      const forward = b.rank > a.rank;
      const path = forward
        ? `M${r(x1)},${r(y1)} C${r(x1 + dx)},${r(y1)} ${r(x2 - dx)},${r(y2)} ${r(x2)},${r(y2)}`
        : `M${r(x1)},${r(y1)} C${r(x1 + 80)},${r(y1 - 60)} ${r(x2 - 80)},${r(y2 - 60)} ${r(x2)},${r(y2)}`;
      const s = EDGE[d.state];
      const mx = (x1 + x2) / 2,
        my = (y1 + y2) / 2 + (forward ? 0 : -45);
      const label =
        !j && s.symbol && (labelAll || d.state === 'incompatible' || d.state === 'unknown')
          ? html`<text class="elabel" x="${r(mx)}" y="${r(my + 4)}" text-anchor="middle" aria-hidden="true">${s.symbol}${d.members.length > 1 ? ` ${d.members.length}` : ''}</text>`
          : '';
      const declared = d.members.every((m) => m.declared);
      const cls = `edge ${s.cls}${declared ? ' declared' : ''}${j ? ' member' : ''}${d.state === majority ? ' maj' : ''}`;
      const title = d.members.map((m) => `${m.declared ? 'declared requirement: ' : ''}${m.detail}`).join('\n');
      return html`<g class="${cls}" data-c="${slug(d.consumer)}" data-p="${slug(d.provider)}"${d.members.length > 1 ? html` data-count="${d.members.length}" data-worst="${d.state}"` : ''}><title>${title}</title><path d="${path}"${j ? '' : html` marker-end="url(#arrow-${s.cls})"`}/>${label}</g>`;
    });
    const consumersOf = new Map<string, number>();
    const providersOf = new Map<string, number>();
    for (const d of drawn) {
      providersOf.set(d.consumer, (providersOf.get(d.consumer) ?? 0) + 1);
      consumersOf.set(d.provider, (consumersOf.get(d.provider) ?? 0) + 1);
    }
    const nodeSvg = names.map((n) => {
      const l = layout.nodes.get(n)!;
      const h = hopsOf?.get(n);
      const where = h === undefined ? '' : h === 0 ? ' (in focus)' : h < 0 ? ` (${-h} up)` : ` (${h} down)`;
      return html`<a class="node${n === focus ? ' focus' : ''}" id="node-${slug(n)}" href="${focus && n !== focus ? radius(n, scope!.up, scope!.down) : uiUrl.pacticipant(n)}" data-s="${slug(n)}"${h === undefined ? '' : html` data-hop="${h}"`}><title>${n}${where}: consumes ${providersOf.get(n) ?? 0}, consumed by ${consumersOf.get(n) ?? 0} here${focus && n !== focus ? '; choose to focus on it' : ''}</title><rect x="${r(l.x - l.width / 2)}" y="${r(l.y - l.height / 2)}" width="${r(l.width)}" height="${r(l.height)}" rx="4"/><text x="${r(l.x)}" y="${r(l.y + 4)}" text-anchor="middle">${clip(n)}</text></a>`;
    });
    const markers = raw(
      Object.values(EDGE)
        .map(
          (s) =>
            `<marker id="arrow-${s.cls}" class="${s.cls}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>`,
        )
        .join(''),
    );
    const up = hopsOf ? [...hopsOf.values()].filter((h) => h < 0).length : 0;
    const down = hopsOf ? [...hopsOf.values()].filter((h) => h > 0).length : 0;
    return html`${form}
<p class="legend">
  <span class="key e-ok"><svg width="36" height="10" aria-hidden="true"><line x1="0" y1="5" x2="36" y2="5"/></svg> ✓ compatible (solid)</span>
  <span class="key e-bad"><svg width="36" height="10" aria-hidden="true"><line x1="0" y1="5" x2="36" y2="5"/></svg> ✗ incompatible (thick, dashed)</span>
  <span class="key e-unk"><svg width="36" height="10" aria-hidden="true"><line x1="0" y1="5" x2="36" y2="5"/></svg> ? unknown (dotted)</span>
  <span class="key e-off"><svg width="36" height="10" aria-hidden="true"><line x1="0" y1="5" x2="36" y2="5"/></svg> not live in the environment (thin, grey)</span>
  — consumers on the left, providers on the right; an arrow points at the provider.${bundles.size ? html` ${BUNDLE_MIN} or more integrations from one column into one service join at a dot and continue as one line labelled with their number and worst state.` : ''}${majority ? html` The most common state (${EDGE[majority].words}) is drawn faint.` : ''}
</p>
<p class="count">${
      focus
        ? html`Blast radius of <a href="${uiUrl.pacticipant(focus)}">${focus}</a>: ${up} service(s) within ${scope!.up} hop(s) up (consumers, on the left), ${down} within ${scope!.down} hop(s) down (providers, on the right; one that is also a consumer is drawn with the consumers), ${edges.length} integrations${stateCounts} · <a href="${self({ focus: undefined, up: undefined, down: undefined })}">every service</a>`
        : html`${names.length} services, ${edges.length} integrations${stateCounts}${edges.length > SUMMARY_EDGES ? html` · <a href="${self({ view: undefined })}">the summary</a>` : ''}`
    }${problemsLink}</p>
<div class="graph-tools" data-graph-tools hidden>
  <button type="button" class="secondary" data-zoom="out" aria-label="Zoom out">−</button>
  <button type="button" class="secondary" data-zoom="in" aria-label="Zoom in">+</button>
  <button type="button" class="secondary" data-zoom="fit">Zoom to fit</button>
  <button type="button" class="secondary" data-zoom="reset">100%</button>
  <span class="muted" data-zoom-level aria-live="polite"></span>
  <span class="muted">drag the graph, or use the scroll bars or arrow keys, to pan</span>
</div>
<div class="graph-wrap" tabindex="0" role="region" aria-label="Service graph (scrollable)">
<svg class="graph${labelAll ? '' : ' dense'}" xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" role="group" aria-label="Who consumes whom" data-width="${layout.width}" data-height="${layout.height}">
<defs>${markers}</defs>
<g class="edges">${edgeSvg}${trunks}</g>
<g class="nodes">${nodeSvg}</g>
</svg>
</div>
${integrationTable()}`;
  }

  function integrationTable(): Html {
    return html`<details class="alt">
<summary>The integrations as a table (${edges.length})</summary>
<table class="grid">
<thead><tr><th scope="col">Consumer</th><th scope="col">Provider</th><th scope="col">${environment ? html`In ${environment}` : 'State'}</th><th scope="col">Matrix</th></tr></thead>
<tbody>${edges.map((e) => html`<tr><td><a href="${uiUrl.pacticipant(e.consumer)}">${e.consumer}</a></td><td><a href="${uiUrl.pacticipant(e.provider)}">${e.provider}</a></td><td><span class="badge ${EDGE[e.state].cls}">${EDGE[e.state].symbol ? html`<span aria-hidden="true">${EDGE[e.state].symbol}</span> ` : ''}${EDGE[e.state].words}</span>${e.declared ? html` <span class="muted">(declared requirement)</span>` : e.evidence && e.state !== 'not-deployed' ? html` <span class="muted">(${e.evidence})</span>` : ''}</td><td><a href="${uiUrl.matrix(e.provider, e.consumer)}${environment && e.state !== 'not-deployed' ? `?environment=${encodeURIComponent(environment)}` : ''}">matrix</a></td></tr>`)}</tbody>
</table>
</details>`;
  }
}

const r = (n: number) => Math.round(n * 10) / 10;
const clip = (s: string) => ([...s].length > 34 ? `${[...s].slice(0, 33).join('')}…` : s);
