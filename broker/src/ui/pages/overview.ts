import type { Request } from 'express';
import { overviewRead } from '../../domain/reads.ts';
import type { Deps } from '../../deps.ts';
import { html, uiUrl, type Html } from '../html.ts';
import { page } from '../layout.ts';

const q = (req: Request, name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : '');

/** Overview: every pacticipant, its latest version, branches and where it runs; filter by name and environment. */
export async function overviewPage(deps: Deps, req: Request): Promise<Html> {
  const data = await deps.store.readNamed(overviewRead);
  const name = q(req, 'q').trim();
  const environment = q(req, 'environment');
  const envs = data.environments.map((e) => e.name);
  const rows = data.rows.filter(
    (r) =>
      (!name || r.name.toLowerCase().includes(name.toLowerCase())) &&
      (!environment || r.placements.some((p) => p.environment === environment)),
  );
  const body = html`
<form class="filters" method="get" action="/ui/" role="search" data-live-filter="overview">
  <label for="f-name">Name contains</label>
  <input id="f-name" name="q" type="search" value="${name}" autocomplete="off">
  <label for="f-env">Environment</label>
  <select id="f-env" name="environment">
    <option value="">any</option>
    ${envs.map((e) => html`<option value="${e}"${e === environment ? html` selected` : ''}>${e}</option>`)}
  </select>
  <button type="submit">Filter</button>
</form>
<p class="count" aria-live="polite"><span data-count>${rows.length}</span> of ${data.rows.length} pacticipants</p>
<table class="grid" data-filterable>
<caption class="sr-only">Pacticipants</caption>
<thead><tr><th scope="col">Pacticipant</th><th scope="col">Latest version</th><th scope="col">Branches</th><th scope="col">Deployed / released</th><th scope="col">Compatibility</th></tr></thead>
<tbody>
${rows.map(
  (
    r,
  ) => html`<tr data-name="${r.name.toLowerCase()}" data-envs="${[...new Set(r.placements.map((p) => p.environment))].join('\n')}">
  <th scope="row"><a href="${uiUrl.pacticipant(r.name)}">${r.name}</a>${r.displayName ? html` <span class="muted">(${r.displayName})</span>` : ''}</th>
  <td>${r.latest ? html`<code>${r.latest.number}</code>${r.latest.branches.length ? html` <span class="muted">on ${r.latest.branches.join(', ')}</span>` : ''}` : html`<span class="muted">none</span>`}</td>
  <td>${branchList(r.branches, r.mainBranch)}</td>
  <td>${r.placements.length ? html`<ul class="plain">${r.placements.map((p) => html`<li><a href="${uiUrl.environment(p.environment)}">${p.environment}</a>: <code>${p.version}</code>${p.application_instance ? html` <span class="muted">(${p.application_instance})</span>` : ''}${p.kind === 'released' ? html` <span class="tag">released</span>` : ''}</li>`)}</ul>` : html`<span class="muted">not deployed</span>`}</td>
  <td><a href="${uiUrl.graph(environment || envs[0])}#node-${slug(r.name)}">in the graph</a></td>
</tr>`,
)}
</tbody>
</table>
<p class="muted">Environments: ${envs.map((e, i) => html`${i ? ', ' : ''}<a href="${uiUrl.environment(e)}">${e}</a>`)}${envs.length ? '' : 'none yet'}</p>`;
  return page({ title: 'Overview', section: 'overview', body, environments: envs });
}

function branchList(branches: string[], main: string | null): Html {
  if (!branches.length) return html`<span class="muted">none</span>`;
  const shown = branches.slice(0, 6);
  return html`${shown.map((b, i) => html`${i ? ', ' : ''}${b}${b === main ? html` <span class="tag">main</span>` : ''}`)}${branches.length > shown.length ? html` <span class="muted">+${branches.length - shown.length} more</span>` : ''}`;
}

/** A stable, id-safe fragment for a name (ids must not carry markup; the name itself is shown escaped). */
export function slug(name: string): string {
  let h = 0;
  for (const ch of name) h = (Math.imul(h, 31) + ch.codePointAt(0)!) | 0;
  return `${name.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40)}-${(h >>> 0).toString(36)}`;
}
