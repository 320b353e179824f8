import type { Request } from 'express';
import type { GraphEdge } from '../../domain/ui/read-models.ts';
import { serviceGraphRead } from '../../domain/reads.ts';
import type { Deps } from '../../deps.ts';
import { listEnvironments } from '../../repositories/environments.ts';
import { html, raw, uiUrl, type Html } from '../html.ts';
import { layoutGraph } from '../graph-layout.ts';
import { page } from '../layout.ts';
import { slug } from './overview.ts';

const q = (req: Request, name: string) =>
  typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined;

const EDGE: Record<GraphEdge['state'], { cls: string; symbol: string; words: string }> = {
  compatible: { cls: 'e-ok', symbol: '✓', words: 'compatible' },
  incompatible: { cls: 'e-bad', symbol: '✗', words: 'incompatible' },
  unknown: { cls: 'e-unk', symbol: '?', words: 'unknown' },
  'not-deployed': { cls: 'e-off', symbol: '·', words: 'not live in this environment' },
  'no-environment': { cls: 'e-plain', symbol: '', words: 'integration' },
};

/** Service graph: who consumes whom, laid out by dagre, edges coloured, patterned and labelled by compatibility in an environment. */
export async function graphPage(deps: Deps, req: Request): Promise<Html> {
  const asked = q(req, 'environment');
  const focus = q(req, 'focus') || undefined;
  const problems = q(req, 'problems') === '1';
  const envNames = (await deps.store.read(() => listEnvironments())).map((e) => ({
    name: e.name,
    production: Boolean(e.production),
  }));
  const environment =
    asked !== undefined ? asked || undefined : (envNames.find((e) => e.production) ?? envNames[0])?.name;
  const data = await deps.store.readNamed(serviceGraphRead, environment);
  let edges = data.edges;
  let names = data.nodes.map((n) => n.name);
  if (focus) {
    edges = edges.filter((e) => e.consumer === focus || e.provider === focus);
    const keep = new Set([focus, ...edges.flatMap((e) => [e.consumer, e.provider])]);
    names = names.filter((n) => keep.has(n));
  }
  if (problems) {
    edges = edges.filter((e) => e.state === 'incompatible' || e.state === 'unknown');
    const keep = new Set(edges.flatMap((e) => [e.consumer, e.provider]));
    names = names.filter((n) => keep.has(n));
  }
  const layout = layoutGraph(names, edges);
  const labelAll = edges.length <= 150;
  const counts = { compatible: 0, incompatible: 0, unknown: 0, 'not-deployed': 0, 'no-environment': 0 };
  for (const e of edges) counts[e.state]++;
  const consumersOf = new Map<string, number>();
  const providersOf = new Map<string, number>();
  for (const e of edges) {
    providersOf.set(e.consumer, (providersOf.get(e.consumer) ?? 0) + 1);
    consumersOf.set(e.provider, (consumersOf.get(e.provider) ?? 0) + 1);
  }

  const edgeSvg = edges.map((e) => {
    const a = layout.nodes.get(e.consumer)!;
    const b = layout.nodes.get(e.provider)!;
    const x1 = a.x + a.width / 2,
      y1 = a.y;
    const x2 = b.x - b.width / 2 - 4,
      y2 = b.y;
    const dx = Math.max(40, Math.abs(x2 - x1) / 2);
    const d =
      b.rank > a.rank
        ? `M${r(x1)},${r(y1)} C${r(x1 + dx)},${r(y1)} ${r(x2 - dx)},${r(y2)} ${r(x2)},${r(y2)}`
        : `M${r(x1)},${r(y1)} C${r(x1 + 80)},${r(y1 - 60)} ${r(x2 - 80)},${r(y2 - 60)} ${r(x2)},${r(y2)}`;
    const s = EDGE[e.state];
    const mx = (x1 + x2) / 2,
      my = (y1 + y2) / 2 + (b.rank > a.rank ? 0 : -45);
    const label =
      s.symbol && (labelAll || e.state === 'incompatible' || e.state === 'unknown')
        ? html`<text class="elabel" x="${r(mx)}" y="${r(my + 4)}" text-anchor="middle" aria-hidden="true">${s.symbol}</text>`
        : '';
    return html`<g class="edge ${s.cls}${e.declared ? ' declared' : ''}" data-c="${slug(e.consumer)}" data-p="${slug(e.provider)}"><title>${e.declared ? 'declared requirement: ' : ''}${e.detail}</title><path d="${d}" marker-end="url(#arrow-${s.cls})"/>${label}</g>`;
  });
  const nodeSvg = names.map((n) => {
    const l = layout.nodes.get(n)!;
    return html`<a class="node" id="node-${slug(n)}" href="${uiUrl.pacticipant(n)}" data-s="${slug(n)}"><title>${n}: consumes ${providersOf.get(n) ?? 0}, consumed by ${consumersOf.get(n) ?? 0}</title><rect x="${r(l.x - l.width / 2)}" y="${r(l.y - l.height / 2)}" width="${r(l.width)}" height="${r(l.height)}" rx="4"/><text x="${r(l.x)}" y="${r(l.y + 4)}" text-anchor="middle">${clip(n)}</text></a>`;
  });
  const markers = raw(
    Object.values(EDGE)
      .map(
        (s) =>
          `<marker id="arrow-${s.cls}" class="${s.cls}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>`,
      )
      .join(''),
  );
  const self = (over: Record<string, string | undefined>) => {
    const p = new URLSearchParams();
    const v = { environment: environment ?? '', focus, problems: problems ? '1' : undefined, ...over };
    for (const [k, x] of Object.entries(v)) if (x !== undefined) p.set(k, x);
    return `/ui/graph?${p}`;
  };
  const body = html`
<form class="filters" method="get" action="/ui/graph">
  <label for="g-env">Compatibility in</label>
  <select id="g-env" name="environment">
    <option value=""${environment ? '' : html` selected`}>no environment (structure only)</option>
    ${envNames.map((e) => html`<option value="${e.name}"${e.name === environment ? html` selected` : ''}>${e.name}</option>`)}
  </select>
  <label for="g-focus">Focus on</label>
  <select id="g-focus" name="focus">
    <option value="">every service</option>
    ${data.nodes.map((n) => html`<option value="${n.name}"${n.name === focus ? html` selected` : ''}>${n.name}</option>`)}
  </select>
  <label class="check"><input type="checkbox" name="problems" value="1"${problems ? html` checked` : ''}> only incompatible and unknown</label>
  <button type="submit">Show</button>
</form>
<p class="legend">
  <span class="key e-ok"><svg width="36" height="10" aria-hidden="true"><line x1="0" y1="5" x2="36" y2="5"/></svg> ✓ compatible (solid)</span>
  <span class="key e-bad"><svg width="36" height="10" aria-hidden="true"><line x1="0" y1="5" x2="36" y2="5"/></svg> ✗ incompatible (thick, dashed)</span>
  <span class="key e-unk"><svg width="36" height="10" aria-hidden="true"><line x1="0" y1="5" x2="36" y2="5"/></svg> ? unknown (dotted)</span>
  <span class="key e-off"><svg width="36" height="10" aria-hidden="true"><line x1="0" y1="5" x2="36" y2="5"/></svg> not live in the environment (thin, grey)</span>
  — consumers on the left, providers on the right; an arrow points at the provider.
</p>
<p class="count">${names.length} services, ${edges.length} integrations${environment ? html` in <a href="${uiUrl.environment(environment)}">${environment}</a>: ${counts.compatible} compatible, ${counts.incompatible} incompatible, ${counts.unknown} unknown, ${counts['not-deployed']} not live there` : ''}${focus ? html` · <a href="${self({ focus: undefined })}">show every service</a>` : ''}${!problems && environment && (counts.incompatible || counts.unknown) ? html` · <a href="${self({ problems: '1' })}">only the problems</a>` : ''}</p>
<div class="graph-wrap" tabindex="0" role="region" aria-label="Service graph (scrollable)">
<svg class="graph${labelAll ? '' : ' dense'}" xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" role="group" aria-label="Who consumes whom">
<defs>${markers}</defs>
<g class="edges">${edgeSvg}</g>
<g class="nodes">${nodeSvg}</g>
</svg>
</div>
<details class="alt">
<summary>The integrations as a table (${edges.length})</summary>
<table class="grid">
<thead><tr><th scope="col">Consumer</th><th scope="col">Provider</th><th scope="col">${environment ? html`In ${environment}` : 'State'}</th><th scope="col">Matrix</th></tr></thead>
<tbody>${edges.map((e) => html`<tr><td><a href="${uiUrl.pacticipant(e.consumer)}">${e.consumer}</a></td><td><a href="${uiUrl.pacticipant(e.provider)}">${e.provider}</a></td><td><span class="badge ${EDGE[e.state].cls}">${EDGE[e.state].symbol ? html`<span aria-hidden="true">${EDGE[e.state].symbol}</span> ` : ''}${EDGE[e.state].words}</span>${e.declared ? html` <span class="muted">(declared requirement)</span>` : e.evidence && e.state !== 'not-deployed' ? html` <span class="muted">(${e.evidence})</span>` : ''}</td><td><a href="${uiUrl.matrix(e.provider, e.consumer)}${environment && e.state !== 'not-deployed' ? `?environment=${encodeURIComponent(environment)}` : ''}">matrix</a></td></tr>`)}</tbody>
</table>
</details>`;
  return page({ title: 'Service graph', section: 'graph', body, environments: envNames.map((e) => e.name) });
}

const r = (n: number) => Math.round(n * 10) / 10;
const clip = (s: string) => ([...s].length > 34 ? `${[...s].slice(0, 33).join('')}…` : s);
