/**
 * `/ui/environments/{e}/gaps` (issue 19): which live pairs of an environment have no usable evidence. Incompatible
 * pairs first, then unknown ones (no evidence), grouped by provider with counts, filtered by provider, consumer and
 * state, paged; each with links to the matrix and the pact and when a verification was last requested.
 * `?format=csv` and `?format=json` export every row matching the filters (no paging).
 */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import {
  evidenceGaps,
  GAP_STATES,
  type EvidenceGaps,
  type GapRow,
  type GapState,
} from '../../domain/integrations/gaps.ts';
import { environmentNames } from '../../domain/ui/read-models.ts';
import { paging } from '../../links/paging.ts';
import { html, uiUrl, type Html } from '../html.ts';
import { page, verdictBadge } from '../layout.ts';
import { servePage } from '../serve.ts';
import { one, oneOf, pager, withQuery } from './query.ts';

const FORMATS = ['html', 'csv', 'json'] as const;
const PAGE_SIZE = 100;

interface Asked {
  environment: string;
  provider: string;
  consumer: string;
  state: GapState | '';
}

function asked(req: Request): Asked {
  return {
    environment: String(req.params.environment),
    provider: one(req, 'provider'),
    consumer: one(req, 'consumer'),
    state: oneOf(req, 'state', GAP_STATES),
  };
}

const filtersOf = (a: Asked) => ({
  provider: a.provider || undefined,
  consumer: a.consumer || undefined,
  state: a.state || undefined,
});

/** The links of a row: the matrix of the pair in the environment, and the pact of the consumer version. */
const matrixLink = (environment: string, r: Pick<GapRow, 'provider' | 'consumer'>) =>
  withQuery(uiUrl.matrix(r.provider, r.consumer), { environment });
const pactLink = (r: Pick<GapRow, 'provider' | 'consumer' | 'consumerVersion' | 'providerVersion'>) =>
  uiUrl.pact(r.provider, r.consumer, r.consumerVersion, r.providerVersion);

/** The route: the page, or the export with `?format=csv|json`. */
export const gapsRoute = (deps: Deps) => {
  const htmlPage = servePage(gapsPage)(deps);
  return async (req: Request, res: Response) => {
    const format = oneOf(req, 'format', FORMATS);
    if (format === '' || format === 'html') return htmlPage(req, res);
    const a = asked(req);
    const gaps = await deps.store.read(() => evidenceGaps(a.environment, { ...filtersOf(a), page: 1, size: 0 }));
    const base = `${req.protocol}://${req.get('host')}`;
    const rows = gaps.rows.map(({ hasPact, ...r }) => ({
      ...r,
      matrix: base + matrixLink(gaps.environment, r),
      pact: hasPact ? base + pactLink(r) : null,
    }));
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
    if (format === 'json') {
      res.type('application/json; charset=utf-8').send(
        JSON.stringify({
          environment: gaps.environment,
          livePairs: gaps.livePairs,
          counts: gaps.counts,
          filters: filtersOf(a),
          total: gaps.total,
          groups: gaps.groups,
          rows,
        }),
      );
      return;
    }
    const columns = [
      'state',
      'evidence',
      'provider',
      'providerVersion',
      'consumer',
      'consumerVersion',
      'verificationRequestedAt',
      'matrix',
      'pact',
    ] as const;
    const lines = [columns.join(',')];
    for (const r of rows) lines.push(columns.map((c) => csvField(r[c] ?? '')).join(','));
    const file = `evidence-gaps-${gaps.environment.replace(/[^A-Za-z0-9._-]/g, '_')}.csv`;
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="${file}"`)
      .send(`${lines.join('\r\n')}\r\n`);
  };
};

/**
 * RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. A field a spreadsheet would read as
 * a formula (it starts with =, +, -, @, a tab or a carriage return: a pacticipant named `=HYPERLINK(...)`) gets a
 * leading apostrophe, as OWASP's advice on CSV injection has it, so opening the export runs nothing.
 */
function csvField(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export async function gapsPage(deps: Deps, req: Request): Promise<Html> {
  const a = asked(req);
  const { size, page: n } = paging(req, PAGE_SIZE);
  const { gaps, envs } = await deps.store.read(function* () {
    return {
      gaps: yield* evidenceGaps(a.environment, { ...filtersOf(a), page: n, size }),
      envs: yield* environmentNames(),
    };
  });
  const e = gaps.environment;
  const here = (extra: Record<string, string | number | undefined>) =>
    withQuery(uiUrl.gaps(e), { provider: a.provider, consumer: a.consumer, state: a.state, ...extra });
  const filtered = a.provider || a.consumer || a.state;
  const body = html`
<p class="summary ${gaps.counts.incompatible ? 'v-bad' : gaps.counts.unknown ? 'v-unk' : 'v-ok'}" data-summary><strong>${gaps.counts.incompatible + gaps.counts.unknown} of ${gaps.livePairs} live pairs in ${e} lack evidence of compatibility:</strong> ${gaps.counts.incompatible} incompatible, ${gaps.counts.unknown} unknown (no evidence).</p>
<p class="muted"><a href="${uiUrl.environment(e)}">Back to ${e}</a> · <a href="${uiUrl.graph(e)}">${e} in the service graph</a> · Export ${filtered ? 'these rows' : 'every row'}: <a href="${here({ format: 'csv' })}" download>CSV</a>, <a href="${here({ format: 'json' })}">JSON</a></p>
<form class="filters" method="get" action="${uiUrl.gaps(e)}" role="search">
  <label for="g-provider">Provider</label>
  <select id="g-provider" name="provider"><option value="">any</option>${gaps.providers.map((p) => html`<option${p === a.provider ? html` selected` : ''}>${p}</option>`)}</select>
  <label for="g-consumer">Consumer</label>
  <select id="g-consumer" name="consumer"><option value="">any</option>${gaps.consumers.map((c) => html`<option${c === a.consumer ? html` selected` : ''}>${c}</option>`)}</select>
  <label for="g-state">State</label>
  <select id="g-state" name="state"><option value="">incompatible or unknown</option>${GAP_STATES.map((s) => html`<option${s === a.state ? html` selected` : ''}>${s}</option>`)}</select>
  <button type="submit">Filter</button>${filtered ? html` <a href="${uiUrl.gaps(e)}">Clear</a>` : ''}
</form>
<p class="count" data-total="${gaps.total}">${gaps.total} pair${gaps.total === 1 ? '' : 's'}${filtered ? ' match' : ''}${gaps.total > gaps.rows.length ? html`, ${gaps.rows.length} on this page` : ''}.</p>
${byProvider(gaps, here)}
${gaps.total ? listing(gaps) : html`<p class="v-ok">${filtered ? 'No pair matches these filters.' : `Every live pair in ${e} has evidence of compatibility.`}</p>`}
${pager('Pages of evidence gaps', (p) => here({ page: p }), { page: n, size }, gaps.total)}`;
  return page({
    title: `Evidence gaps in ${e}`,
    section: 'environment',
    body,
    environments: envs,
    currentEnvironment: e,
  });
}

const STATE_TITLE: Record<GapState, string> = {
  incompatible: 'Incompatible',
  unknown: 'Unknown: no evidence',
};

/** The page's rows, by state then by provider, each group headed with its count over every page. */
function listing(g: EvidenceGaps): Html {
  const countOf = new Map(g.groups.map((x) => [`${x.state}\u0000${x.provider}`, x.count]));
  const out: Html[] = [];
  for (const state of GAP_STATES) {
    const rows = g.rows.filter((r) => r.state === state);
    if (!rows.length) continue;
    const groups: GapRow[][] = [];
    for (const r of rows) {
      const last = groups[groups.length - 1];
      if (last && last[0]!.provider === r.provider) last.push(r);
      else groups.push([r]);
    }
    const total = g.groups.filter((x) => x.state === state).reduce((s, x) => s + x.count, 0);
    out.push(html`<section class="gaps" data-state="${state}" aria-labelledby="gaps-${state}">
<h2 id="gaps-${state}">${STATE_TITLE[state]} (${total})</h2>
<table class="grid gaps">
<thead><tr><th scope="col">Consumer</th><th scope="col">Provider version</th><th scope="col">Evidence</th><th scope="col">Verification requested</th><th scope="col">See</th></tr></thead>
${groups.map((rs) => {
  const count = countOf.get(`${state}\u0000${rs[0]!.provider}`) ?? rs.length;
  return html`<tbody data-provider="${rs[0]!.provider}" data-count="${count}">
<tr class="group"><th scope="rowgroup" colspan="5"><a href="${uiUrl.pacticipant(rs[0]!.provider)}">${rs[0]!.provider}</a>: <span data-group-count>${count}</span> ${state} pair${count === 1 ? '' : 's'}${count > rs.length ? html` <span class="muted">(${rs.length} on this page)</span>` : ''}</th></tr>
${rs.map(
  (r) => html`<tr data-consumer="${r.consumer}" data-state="${r.state}">
  <td><span class="nowrap">${r.consumer}</span> <code>${r.consumerVersion}</code></td>
  <td><code>${r.providerVersion}</code></td>
  <td>${verdictBadge(r.state, r.evidence)}</td>
  <td>${r.verificationRequestedAt ? html`<span data-requested>requested at <time datetime="${r.verificationRequestedAt}">${r.verificationRequestedAt}</time></span>` : html`<span class="muted">not requested</span>`}</td>
  <td><a href="${matrixLink(g.environment, r)}" aria-label="matrix of ${r.consumer} and ${r.provider}">matrix</a> ${r.hasPact ? html` · <a href="${pactLink(r)}" aria-label="pact of ${r.consumer} ${r.consumerVersion} with ${r.provider}">pact</a>` : html` · <span class="muted">declared requirement, no pact</span>`}</td>
</tr>`,
)}
</tbody>`;
})}
</table>
</section>`);
  }
  return html`${out}`;
}

/** Every provider with a gap under the filters, with its counts: a link filters the list to it. */
function byProvider(g: EvidenceGaps, here: (extra: Record<string, string | number | undefined>) => string): Html {
  const per = new Map<string, Record<GapState, number>>();
  for (const x of g.groups) {
    const c = per.get(x.provider) ?? { incompatible: 0, unknown: 0 };
    c[x.state] += x.count;
    per.set(x.provider, c);
  }
  if (per.size < 2) return html``;
  const rows = [...per.entries()].sort(
    (a, b) => b[1].incompatible - a[1].incompatible || b[1].unknown - a[1].unknown || (a[0] < b[0] ? -1 : 1),
  );
  return html`<details class="by-provider"><summary>Counts by provider (${per.size})</summary>
<table class="grid"><thead><tr><th scope="col">Provider</th><th scope="col">Incompatible</th><th scope="col">Unknown</th></tr></thead>
<tbody>${rows.map(([p, c]) => html`<tr><th scope="row"><a href="${here({ provider: p, page: undefined })}">${p}</a></th><td>${c.incompatible}</td><td>${c.unknown}</td></tr>`)}</tbody></table></details>`;
}
