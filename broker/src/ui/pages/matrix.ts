import type { Request } from 'express';
import { ValidationError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { evidenceKey } from '../../domain/evidence/resolve.ts';
import { compatibilityMatrixRead } from '../../domain/reads.ts';
import { MATRIX_MAX_LIMIT, type MatrixFilters } from '../../domain/ui/matrix-page.ts';
import type { Deps } from '../../deps.ts';
import { html, uiUrl, type Html } from '../html.ts';
import { legend, page, verdictBadge, verdictLabel } from '../layout.ts';
import { failuresHtml } from '../failures.ts';
import { routes } from '../../links/paths.ts';
import type { VerificationFailures } from '../../gate/verification/failures.ts';

const q = (req: Request, name: string) =>
  typeof req.query[name] === 'string' && req.query[name] !== '' ? (req.query[name] as string) : undefined;

/** A 1-based page number from the query (anything else: 1). */
function pageParam(req: Request, name: string): number {
  const n = Number(q(req, name) ?? '1');
  return Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}

/** Compatibility matrix of one integration: consumer versions × provider versions, each cell's evidence a click away. */
export async function matrixPage(deps: Deps, req: Request): Promise<Html> {
  const provider = String(req.params.provider);
  const consumer = String(req.params.consumer);
  const limit = Math.min(MATRIX_MAX_LIMIT, Math.max(1, Number(q(req, 'limit') ?? 10) || 10));
  const state = q(req, 'state');
  if (state !== undefined && state !== 'unknown' && state !== 'incompatible' && state !== 'compatible')
    throw ValidationError.of('state', message('ui.matrix-bad-state'));
  const f: MatrixFilters = {
    consumerBranch: q(req, 'consumerBranch'),
    providerBranch: q(req, 'providerBranch'),
    environment: q(req, 'environment'),
    live: q(req, 'live') === '1',
    state: state === 'unknown' || state === 'incompatible' || state === 'compatible' ? state : undefined,
    limit,
    page: pageParam(req, 'page'),
    columnsPage: pageParam(req, 'columns'),
  };
  const { m, declared } = await deps.store.readNamed(compatibilityMatrixRead, provider, consumer, f);
  // The filters of this page as a query string, with some changed (for the pager's links).
  const link = (change: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams();
    const now: Record<string, string | number | undefined> = {
      consumerBranch: f.consumerBranch,
      providerBranch: f.providerBranch,
      environment: f.environment,
      live: f.live ? '1' : undefined,
      state: f.state,
      limit: limit === 10 ? undefined : limit,
      page: m.consumerVersions.page === 1 ? undefined : m.consumerVersions.page,
      columns: m.providerVersions.page === 1 ? undefined : m.providerVersions.page,
      ...change,
    };
    for (const [k, v] of Object.entries(now))
      if (v !== undefined && v !== '' && !(k !== 'limit' && v === 1)) params.set(k, String(v));
    const qs = params.toString();
    return `${uiUrl.matrix(m.provider, m.consumer)}${qs ? `?${qs}` : ''}`;
  };
  const rowsA = m.consumerVersions;
  const colsA = m.providerVersions;
  const range = (a: typeof rowsA | typeof colsA) =>
    a.total ? `${(a.page - 1) * limit + 1}–${Math.min(a.total, a.page * limit)} of ${a.total}` : '0';
  const pager = (
    where: string,
  ) => html`<nav class="pager" aria-label="Matrix pages (${where})"><span data-rows-range>${m.consumer} versions ${range(rowsA)}</span>${
    rowsA.page > 1 ? html` <a href="${link({ page: rowsA.page - 1 })}" rel="prev">newer ${m.consumer} versions</a>` : ''
  }${rowsA.page < rowsA.pages ? html` <a href="${link({ page: rowsA.page + 1 })}" rel="next" data-next-rows>older ${m.consumer} versions</a>` : ''}
 · <span data-columns-range>${m.provider} versions ${range(colsA)}</span>${
   colsA.page > 1 ? html` <a href="${link({ columns: colsA.page - 1 })}">newer ${m.provider} versions</a>` : ''
 }${colsA.page < colsA.pages ? html` <a href="${link({ columns: colsA.page + 1 })}" data-next-columns>older ${m.provider} versions</a>` : ''}</nav>`;
  const opt = (values: string[], chosen: string | undefined, none: string) =>
    html`<option value="">${none}</option>${values.map((v) => html`<option value="${v}"${v === chosen ? html` selected` : ''}>${v}</option>`)}`;
  const body = html`
<p><a href="${uiUrl.pacticipant(m.consumer)}">${m.consumer}</a> (consumer) → <a href="${uiUrl.pacticipant(m.provider)}">${m.provider}</a> (provider). Rows are ${m.consumer} versions that published a pact with ${m.provider}, newest first; columns are ${m.provider} versions, newest first.
Each cell shows the latest result; <a href="${uiUrl.matrixHistory(m.provider, m.consumer)}">every verification result of this integration (history)</a>.
<a href="${uiUrl.diff(m.provider, m.consumer)}">Compare two versions of the pact</a>.</p>
<form class="filters" method="get" action="${uiUrl.matrix(m.provider, m.consumer)}">
  <label for="m-cb">${m.consumer} branch</label><select id="m-cb" name="consumerBranch">${opt(m.consumerBranches, f.consumerBranch, 'any')}</select>
  <label for="m-pb">${m.provider} branch</label><select id="m-pb" name="providerBranch">${opt(m.providerBranches, f.providerBranch, 'any')}</select>
  <label for="m-env">Deployed or released in</label><select id="m-env" name="environment">${opt(
    m.environments.map((e) => e.name),
    f.environment,
    'any environment or none',
  )}</select>
  <label for="m-live"><input id="m-live" name="live" type="checkbox" value="1"${f.live ? html` checked` : ''}> only versions deployed or released now</label>
  <label for="m-state">Cells</label><select id="m-state" name="state"><option value="">any state</option>${(['unknown', 'incompatible', 'compatible'] as const).map((s) => html`<option value="${s}"${s === f.state ? html` selected` : ''}>only ${s}</option>`)}</select>
  <label for="m-limit">Versions per page</label><input id="m-limit" name="limit" type="number" min="1" max="${MATRIX_MAX_LIMIT}" value="${limit}">
  <button type="submit">Filter</button>
</form>
${legend()}
${pager('above')}
${
  f.state
    ? html`<p class="muted" data-state-filter>Only the ${m.consumer} and ${m.provider} versions of this page with a pair that is ${f.state}: ${rowsA.rows.length} of ${m.unfiltered.rows} rows, ${colsA.rows.length} of ${m.unfiltered.columns} columns. The other pages may have more.</p>`
    : ''
}
${
  rowsA.rows.length && colsA.rows.length
    ? html`
<div class="matrix-wrap" tabindex="0" role="region" aria-label="Compatibility matrix (scrollable)">
<table class="matrix">
<caption class="sr-only">${m.consumer} versions by ${m.provider} versions</caption>
<thead><tr><th scope="col">${m.consumer} ↓ / ${m.provider} →</th>${colsA.rows.map((v) => html`<th scope="col"><code class="version">${v.number}</code>${v.branches.length ? html`<br><span class="muted">${v.branches.join(', ')}</span>` : ''}${v.live.map((l) => html`<br><span class="tag">${l}</span>`)}</th>`)}</tr></thead>
<tbody>
${rowsA.rows.map(
  (
    c,
  ) => html`<tr><th scope="row"><a href="${uiUrl.pact(m.provider, m.consumer, c.number)}"><code class="version">${c.number}</code></a>${c.branches.length ? html`<br><span class="muted">${c.branches.join(', ')}</span>` : ''}${c.live.map((l) => html`<br><span class="tag">${l}</span>`)}</th>
${colsA.rows.map((p) => cell(m.provider, m.consumer, c, p, m.cells.get(evidenceKey(c.pactVersionId, p.id)), m.requestedAt.get(evidenceKey(c.pactVersionId, p.id))))}</tr>`,
)}
</tbody>
</table>
</div>`
    : html`<p class="muted">No versions match these filters.</p>`
}
${rowsA.pages > 1 || colsA.pages > 1 ? pager('below') : ''}
${
  declared.length
    ? html`<section><h2>Declared requirements</h2>
<p class="muted">Couplings no pact sees, declared by the versions themselves (evidence <code>declared</code> in can-i-rollback), against the versions above.</p>
<ul class="declared">${declared.map(
        (d) =>
          html`<li>${d.pacticipant} <code>${d.version}</code> requires ${d.requires} ${d.requirement}: ${d.verdicts.map((v) => html`${verdictBadge(v.verdict, 'declared')} <code>${v.version}</code> `)}</li>`,
      )}</ul></section>`
    : ''
}`;
  return page({
    title: `Matrix: ${m.consumer} → ${m.provider}`,
    section: 'matrix',
    body,
    environments: m.environments.map((e) => e.name),
  });
}

function cell(
  provider: string,
  consumer: string,
  c: { number: string; pactSha: string | null },
  p: { number: string },
  e: ReturnType<Map<string, import('../../domain/evidence/resolve.ts').PairEvidence>['get']>,
  requestedAt: string | undefined,
): Html {
  if (!e)
    return html`<td class="cell v-none"><span aria-hidden="true">—</span> <span class="sr-only">no pact</span></td>`;
  const l = verdictLabel(e.verdict, e.evidence);
  return html`<td class="cell ${l.cls}" data-verdict="${e.verdict}" data-evidence="${e.evidence}"><details><summary><span aria-hidden="true">${l.symbol}</span> ${l.text}<span class="sr-only">: ${consumer} ${c.number} with ${provider} ${p.number}</span>${requestedAt ? html`<span class="requested" data-requested-at="${requestedAt}">verification requested at <time datetime="${requestedAt}">${requestedAt.slice(0, 16).replace('T', ' ')}</time></span>` : ''}</summary>
<ul>${e.reasons.map((r) => html`<li>${r.message}${failed(r, provider, consumer, c.pactSha)}</li>`)}</ul>
<a href="${uiUrl.pact(provider, consumer, c.number, p.number)}">the pact${e.evidence === 'openapi' ? ' and its findings' : ''}</a></details></td>`;
}

/** A failed verification's mismatches and a link to its result (the pact content's verification results). */
function failed(
  r: { id: string; [detail: string]: unknown },
  provider: string,
  consumer: string,
  sha: string | null,
): Html | '' {
  if (!r.failures) return '';
  const href =
    sha && typeof r.verificationId === 'number'
      ? routes.verification(provider, consumer, sha, r.verificationId)
      : undefined;
  return failuresHtml(r.failures as VerificationFailures, href);
}
