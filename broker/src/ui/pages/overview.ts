import type { Request } from 'express';
import { overviewRead } from '../../domain/reads.ts';
import {
  INTEGRATION_SORTS,
  INTEGRATION_STATES,
  type IntegrationCell,
  type IntegrationStatus,
} from '../../domain/integrations/status.ts';
import type { ListedPacticipant } from '../../domain/integrations/pacticipant-list.ts';
import type { Deps } from '../../deps.ts';
import { ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { html, uiUrl, type Html } from '../html.ts';
import { page, verdictBadge } from '../layout.ts';
import { one, oneOf, pager, withQuery } from './query.ts';

const INTEGRATIONS_PER_PAGE = 50;
const PACTICIPANTS_PER_PAGE = 50;

/** A page number parameter: digits from 1 (absent: 1). */
function pageNumber(req: Request, name: string): number {
  const v = one(req, name);
  if (v === '') return 1;
  if (!/^[1-9][0-9]{0,8}$/.test(v)) throw ValidationError.of(name, message('input.page-number-range'));
  return Number(v);
}

/**
 * Overview (issue 19): the integrations with their state in each environment (filtered by consumer, provider, label
 * and state, sorted, paged on the server), then the pacticipants (latest version, branches with main first, where
 * they run), paged too. Every filter, sort and page is a query parameter: it all works without JavaScript.
 */
export async function overviewPage(deps: Deps, req: Request): Promise<Html> {
  const i = {
    consumer: one(req, 'consumer'),
    provider: one(req, 'provider'),
    label: one(req, 'label'),
    state: oneOf(req, 'state', INTEGRATION_STATES),
    stateIn: one(req, 'stateIn'),
    sort: oneOf(req, 'sort', INTEGRATION_SORTS) || 'state',
    page: pageNumber(req, 'page'),
  };
  const p = { name: one(req, 'q'), environment: one(req, 'environment'), page: pageNumber(req, 'ppage') };
  const { ints, ps } = await deps.store.readNamed(
    overviewRead,
    {
      consumer: i.consumer || undefined,
      provider: i.provider || undefined,
      label: i.label || undefined,
      state: i.state || undefined,
      environment: i.stateIn || undefined,
      sort: i.sort,
      page: i.page,
      size: INTEGRATIONS_PER_PAGE,
    },
    {
      name: p.name || undefined,
      environment: p.environment || undefined,
      page: p.page,
      size: PACTICIPANTS_PER_PAGE,
    },
  );
  const envs = ints.environments;
  const state = { ...i, q: p.name, environment: p.environment, ppage: p.page };
  const here = (extra: Partial<Record<keyof typeof state, string | number | undefined>>) => {
    const all = { ...state, ...extra };
    return withQuery(uiUrl.overview(), {
      consumer: all.consumer,
      provider: all.provider,
      label: all.label,
      state: all.state,
      stateIn: all.stateIn,
      sort: all.sort === 'state' ? undefined : all.sort,
      page: all.page === 1 ? undefined : all.page,
      q: all.q,
      environment: all.environment,
      ppage: all.ppage === 1 ? undefined : all.ppage,
    });
  };
  const body = html`
<p class="muted">Environments: ${envs.map((e, k) => html`${k ? ', ' : ''}<a href="${uiUrl.environment(e)}">${e}</a> (<a href="${uiUrl.gaps(e)}">evidence gaps</a>)`)}${envs.length ? '' : 'none yet'}</p>
${integrationsSection(ints, i, here)}
<section aria-labelledby="pacticipants-h">
<h2 id="pacticipants-h">Pacticipants</h2>
<form class="filters" method="get" action="/ui/" role="search" aria-label="Filter pacticipants" data-live-filter="overview">
  ${hidden({ consumer: i.consumer, provider: i.provider, label: i.label, state: i.state, stateIn: i.stateIn, sort: i.sort === 'state' ? '' : i.sort })}
  <label for="f-name">Name contains</label>
  <input id="f-name" name="q" type="search" value="${p.name}" autocomplete="off">
  <label for="f-env">Environment</label>
  <select id="f-env" name="environment">
    <option value="">any</option>
    ${envs.map((e) => html`<option value="${e}"${e === p.environment ? html` selected` : ''}>${e}</option>`)}
  </select>
  <button type="submit">Filter</button>
</form>
<p class="count" aria-live="polite"><span data-count>${ps.rows.length}</span> of ${ps.total} pacticipants${ps.total !== ps.all ? ` matching (${ps.all} in all)` : ''}${ps.total > ps.rows.length ? html`, page ${ps.page}` : ''}</p>
<table class="grid" data-filterable>
<caption class="sr-only">Pacticipants</caption>
<thead><tr><th scope="col">Pacticipant</th><th scope="col">Latest version</th><th scope="col">Branches</th><th scope="col">Deployed / released</th><th scope="col">Compatibility</th></tr></thead>
<tbody>
${ps.rows.map((r) => pacticipantRow(r, p.environment || envs[0]))}
</tbody>
</table>
${pager('Pages of pacticipants', (n) => here({ ppage: n }), { page: ps.page, size: ps.size }, ps.total)}
</section>`;
  return page({ title: 'Overview', section: 'overview', body, environments: envs });
}

function hidden(values: Record<string, string>): Html {
  return html`${Object.entries(values)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}`;
}

type Here = (extra: Record<string, string | number | undefined>) => string;

function integrationsSection(
  d: IntegrationStatus,
  i: { consumer: string; provider: string; label: string; state: string; stateIn: string; sort: string; page: number },
  here: Here,
): Html {
  const sortLink = (sort: string, stateIn: string | undefined, label: string, active: boolean, kind: string) =>
    html`<a href="${here({ sort, stateIn, page: 1 })}"${active ? html` aria-current="true"` : ''}>${label}</a>${active ? html` <span class="muted">(${kind})</span>` : ''}`;
  const ariaSort = (active: boolean, how: 'ascending' | 'other') => (active ? html` aria-sort="${how}"` : '');
  const filtered = i.consumer || i.provider || i.label || i.state;
  return html`<section aria-labelledby="integrations-h">
<h2 id="integrations-h">Integrations</h2>
<form class="filters" method="get" action="/ui/" role="search" aria-label="Filter integrations">
  <label for="i-consumer">Consumer contains</label>
  <input id="i-consumer" name="consumer" type="search" value="${i.consumer}" autocomplete="off">
  <label for="i-provider">Provider contains</label>
  <input id="i-provider" name="provider" type="search" value="${i.provider}" autocomplete="off">
  <label for="i-label">Label</label>
  <select id="i-label" name="label"><option value="">any</option>${d.labels.map((l) => html`<option${l === i.label ? html` selected` : ''}>${l}</option>`)}</select>
  <label for="i-state">State</label>
  <select id="i-state" name="state"><option value="">any</option>${INTEGRATION_STATES.map((s) => html`<option${s === i.state ? html` selected` : ''}>${s}</option>`)}</select>
  <label for="i-in">in</label>
  <select id="i-in" name="stateIn"><option value="">any environment</option>${d.environments.map((e) => html`<option${e === i.stateIn ? html` selected` : ''}>${e}</option>`)}</select>
  <label for="i-sort">Sort by</label>
  <select id="i-sort" name="sort">${[
    ['state', 'state, worst first'],
    ['consumer', 'consumer'],
    ['provider', 'provider'],
  ].map(([v, t]) => html`<option value="${v}"${v === i.sort ? html` selected` : ''}>${t}</option>`)}</select>
  <button type="submit">Show</button>${filtered ? html` <a href="${here({ consumer: '', provider: '', label: '', state: '', page: 1 })}">Clear</a>` : ''}
</form>
<p class="count" data-integrations-total="${d.total}">${d.total} of ${d.integrations} integrations${filtered ? ' match' : ''}${i.stateIn ? ` (state in ${i.stateIn})` : ''}: ${INTEGRATION_STATES.map((s, k) => html`${k ? ', ' : ''}<span data-state-count="${s}">${d.counts[s]}</span> ${s}`)}${d.total > d.rows.length ? html`; ${d.rows.length} on this page` : ''}.</p>
${
  d.rows.length
    ? html`<table class="grid integrations">
<caption class="sr-only">Integrations and their state in each environment</caption>
<thead><tr>
<th scope="col"${ariaSort(i.sort === 'consumer', 'ascending')}>${sortLink('consumer', i.stateIn || undefined, 'Consumer', i.sort === 'consumer', 'sorted')}</th>
<th scope="col"${ariaSort(i.sort === 'provider', 'ascending')}>${sortLink('provider', i.stateIn || undefined, 'Provider', i.sort === 'provider', 'sorted')}</th>
${d.environments.map((e) => {
  const active = i.sort === 'state' && (i.stateIn === e || (!i.stateIn && d.environments.length === 1));
  return html`<th scope="col"${ariaSort(active, 'other')}>${sortLink('state', e, e, active, 'worst first')}</th>`;
})}
</tr></thead>
<tbody>
${d.rows.map(
  (r) => html`<tr data-consumer="${r.consumer}" data-provider="${r.provider}">
  <td><a href="${uiUrl.pacticipant(r.consumer)}">${r.consumer}</a></td>
  <td><a href="${uiUrl.pacticipant(r.provider)}">${r.provider}</a></td>
  ${d.environments.map((e) => html`<td data-env="${e}" data-state="${r.states[e]!.state}">${cell(r.consumer, r.provider, e, r.states[e]!)}</td>`)}
</tr>`,
)}
</tbody>
</table>`
    : html`<p class="muted">No integration matches.</p>`
}
${pager('Pages of integrations', (n) => here({ page: n }), { page: d.page, size: d.size }, d.total)}
</section>`;
}

function cell(consumer: string, provider: string, environment: string, c: IntegrationCell): Html {
  if (c.state === 'not-deployed') return html`<span class="muted">not both deployed</span>`;
  return html`<a href="${withQuery(uiUrl.matrix(provider, consumer), { environment })}">${verdictBadge(c.state, c.evidence ?? 'none')}</a>${c.pairs > 1 ? html` <span class="muted">(worst of ${c.pairs})</span>` : ''}`;
}

function pacticipantRow(r: ListedPacticipant, graphEnvironment: string | undefined): Html {
  return html`<tr data-name="${r.name.toLowerCase()}" data-envs="${[...new Set(r.placements.map((p) => p.environment))].join('\n')}">
  <th scope="row"><a href="${uiUrl.pacticipant(r.name)}">${r.name}</a>${r.displayName ? html` <span class="muted">(${r.displayName})</span>` : ''}</th>
  <td>${r.latest ? html`<code>${r.latest.number}</code>${r.latest.branches.length ? html` <span class="muted">on ${r.latest.branches.join(', ')}</span>` : ''}` : html`<span class="muted">none</span>`}</td>
  <td>${branchList(r)}</td>
  <td>${r.placements.length ? html`<ul class="plain">${r.placements.map((p) => html`<li><a href="${uiUrl.environment(p.environment)}">${p.environment}</a>: <code>${p.version}</code>${p.application_instance ? html` <span class="muted">(${p.application_instance})</span>` : ''}${p.kind === 'released' ? html` <span class="tag">released</span>` : ''}</li>`)}</ul>` : html`<span class="muted">not deployed</span>`}</td>
  <td><a href="${uiUrl.graph(graphEnvironment)}#node-${slug(r.name)}">in the graph</a></td>
</tr>`;
}

/** The main branch first (marked), then the newest others; how many more there are. */
function branchList(r: ListedPacticipant): Html {
  if (!r.branches.length) return html`<span class="muted">none</span>`;
  return html`<span data-branches>${r.branches.map((b, k) => html`${k ? ', ' : ''}${b}${b === r.mainBranch ? html` <span class="tag">main</span>` : ''}`)}</span>${r.branchCount > r.branches.length ? html` <span class="muted">+${r.branchCount - r.branches.length} more</span>` : ''}`;
}

/** A stable, id-safe fragment for a name (ids must not carry markup; the name itself is shown escaped). */
export function slug(name: string): string {
  let h = 0;
  for (const ch of name) h = (Math.imul(h, 31) + ch.codePointAt(0)!) | 0;
  return `${name.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40)}-${(h >>> 0).toString(36)}`;
}
