import type { Request } from 'express';
import { serviceRollbackReports } from '../../domain/rollback/answer.ts';
import { DEPENDANT_HOPS, type CounterpartState } from '../../domain/ui/pacticipant-page.ts';
import { pacticipantPageRead } from '../../domain/reads.ts';
import { renderReason } from '../../gate/rollback/index.ts';
import type { Deps } from '../../deps.ts';
import { html, uiUrl, type Html } from '../html.ts';
import { page, rollbackBadge, verdictBadge } from '../layout.ts';

/** Reasons shown per environment on the page; the rest are counted, with the API's full report a link away. */
const REASONS_SHOWN = 8;
/** Dependants named per hop; the rest are counted. */
const NAMES_SHOWN = 40;

/**
 * A pacticipant (issue 19): its own rollback verdict per environment, each consumer and provider with its state,
 * evidence and last verification per environment, the services that depend on it transitively, a page of its
 * versions, and each deployed version's pact changes against the version deployed there before.
 */
export async function pacticipantUiPage(deps: Deps, req: Request): Promise<Html> {
  const name = String(req.params.pacticipant);
  const asked = Number(typeof req.query.page === 'string' ? req.query.page : '1');
  const pageNo = Number.isInteger(asked) && asked >= 1 && asked <= 1_000_000 ? asked : 1;
  const d = await deps.store.readNamed(pacticipantPageRead, name, pageNo);
  const p = d.pacticipant;
  // The service's own verdict: its report in each environment's any-subset answer, where it runs (cached, or computed
  // for that service alone in one reader thread, one environment after the other: asked as separate reads, the
  // answers not cached took both reader threads for up to a second under the 150,000-version load, and the gates'
  // reads waited behind them: docs/benchmarks.md).
  const deployedIn = [...new Set(d.placements.filter((x) => x.kind === 'deployed').map((x) => x.environment))];
  const reports = await serviceRollbackReports(deps.store, p.name, deployedIn);
  const verdicts = deployedIn.flatMap((environment, i) => {
    const report = reports[i];
    return report ? [{ environment, summary: report.summary, reasons: report.reasons }] : [];
  });
  const envNames = d.environments.map((e) => e.name);
  const consumers = d.counterparts.filter((c) => c.role === 'consumer');
  const providers = d.counterparts.filter((c) => c.role === 'provider');
  const at = (n: number) => `${uiUrl.pacticipant(p.name)}?page=${n}#versions`;
  const counterpartTable = (rows: typeof consumers, caption: string) =>
    rows.length
      ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="${caption} (scrollable)"><table class="grid counterparts" data-counterparts>
<caption class="sr-only">${caption}</caption>
<thead><tr><th scope="col">Service</th>${envNames.map((e) => html`<th scope="col">${e}</th>`)}<th scope="col">Links</th></tr></thead>
<tbody>${rows.map(
          (
            c,
          ) => html`<tr data-name="${c.name}"${c.declared ? html` data-declared="true"` : ''}><th scope="row"><a class="nowrap" href="${uiUrl.pacticipant(c.name)}">${c.name}</a>${c.declared ? html` <span class="tag">declared</span>` : ''}</th>
${envNames.map((e) => stateCell(c.states.find((s) => s.environment === e)))}
<td>${
            c.declared
              ? ''
              : c.role === 'consumer'
                ? html`<a href="${uiUrl.matrix(p.name, c.name)}">matrix</a>`
                : html`<a href="${uiUrl.matrix(c.name, p.name)}">matrix</a> · <a href="${uiUrl.diff(c.name, p.name)}">pact changes</a>`
          }</td></tr>`,
        )}</tbody></table></div>`
      : '';
  const body = html`
<p class="muted">${p.display_name ? html`${p.display_name} · ` : ''}main branch: ${p.main_branch ?? 'not set'}${p.repository_url ? html` · repository: ${p.repository_url}` : ''} · <a href="/pacticipants/${encodeURIComponent(p.name)}">HAL resource</a> · <a href="/ui/graph?focus=${encodeURIComponent(p.name)}">focus in the graph</a></p>
<section aria-labelledby="h-rollback"><h2 id="h-rollback">Can it roll back?</h2>
${
  verdicts.length
    ? html`<ul class="verdicts" data-rollback>${verdicts.map(
        (v) =>
          html`<li data-environment="${v.environment}" data-verdict="${v.summary.verdict}"><a href="${uiUrl.environment(v.environment)}">${v.environment}</a>: ${rollbackBadge(v.summary.verdict)} <code class="nowrap">${v.summary.current}</code>${v.summary.prior ? html` → <code class="nowrap">${v.summary.prior}</code>` : ''}${
            v.summary.requires.length
              ? html` · must roll back with <span data-requires="${v.summary.requires.length}">${v.summary.requires.length}</span> other${v.summary.requires.length === 1 ? '' : 's'}`
              : ''
          }${
            v.summary.conflictsWith.length
              ? html` · cannot roll back with <span data-conflicts="${v.summary.conflictsWith.length}">${v.summary.conflictsWith.length}</span>`
              : ''
          }${
            v.reasons.length
              ? html`<details><summary><span data-reasons="${v.reasons.length}">${v.reasons.length}</span> reason${v.reasons.length === 1 ? '' : 's'}</summary><ul>${v.reasons
                  .slice(0, REASONS_SHOWN)
                  .map((r) => html`<li>${renderReason(r)}</li>`)}</ul>${
                  v.reasons.length > REASONS_SHOWN
                    ? html`<p class="muted">${v.reasons.length - REASONS_SHOWN} more: <a href="/can-i-rollback?environment=${encodeURIComponent(v.environment)}&amp;of=${encodeURIComponent(p.name)}">the full report (JSON)</a></p>`
                    : ''
                }</details>`
              : ''
          }</li>`,
      )}</ul>`
    : html`<p class="muted">Not deployed anywhere: nothing to roll back.</p>`
}
</section>
<section aria-labelledby="h-runs"><h2 id="h-runs">Where it runs, and what changed there</h2>
${
  d.placements.length
    ? html`<ul data-live>${d.placements.map((x) => {
        const diff = d.liveDiffs.find(
          (l) =>
            l.environment === x.environment &&
            l.applicationInstance === x.application_instance &&
            x.kind === 'deployed',
        );
        return html`<li data-environment="${x.environment}"${diff?.previous ? html` data-previous="${diff.previous}"` : ''}><a href="${uiUrl.environment(x.environment)}">${x.environment}</a>: <code class="nowrap">${x.version}</code>${x.application_instance ? html` (${x.application_instance})` : ''}${x.kind === 'released' ? html` <span class="tag">released</span>` : ''}${
          diff?.previous
            ? html` · before it <code class="nowrap">${diff.previous}</code>${
                diff.pacts.length
                  ? html`: ${diff.pacts.map(
                      (c, i) =>
                        html`${i ? ', ' : ''}<span data-pact-change="${c.change}">pact with ${c.provider} ${
                          c.change === 'changed'
                            ? html`<a href="${uiUrl.diff(c.provider, p.name, diff.previous!, diff.version)}">changed</a>`
                            : c.change
                        }</span>`,
                    )}`
                  : html` <span class="muted">(no pacts in either)</span>`
              }`
            : x.kind === 'deployed'
              ? html` <span class="muted">· first version deployed there</span>`
              : ''
        }</li>`;
      })}</ul>`
    : html`<p class="muted">Not deployed or released anywhere.</p>`
}
</section>
<section aria-labelledby="h-consumers"><h2 id="h-consumers">Consumed by (${consumers.length})</h2>
<p class="muted">Worst first. Per environment: the worst pair between the live versions there, the kind of evidence behind it, and the newest verification of the consumer's live pact.</p>
${consumers.length ? counterpartTable(consumers, `Consumers of ${p.name} by environment`) : html`<p class="muted">No consumers.</p>`}
</section>
<section aria-labelledby="h-providers"><h2 id="h-providers">Consumes (${providers.length})</h2>
${providers.length ? counterpartTable(providers, `Providers of ${p.name} by environment`) : html`<p class="muted">No pacts with providers.</p>`}
</section>
<section aria-labelledby="h-dependants"><h2 id="h-dependants">Depends on it, directly or not (<span data-dependant-total>${d.dependantTotal}</span>)</h2>
${
  d.dependantTotal
    ? html`<ul class="dependants">${d.dependants.map(
        (h) =>
          html`<li data-hop="${h.hop}" data-count="${h.names.length}">${h.hop === 1 ? 'directly' : `${h.hop} hops away`}: ${h.names.length} · ${h.names
            .slice(0, NAMES_SHOWN)
            .map(
              (n, i) => html`${i ? ', ' : ''}<a class="nowrap" href="${uiUrl.pacticipant(n)}">${n}</a>`,
            )}${h.names.length > NAMES_SHOWN ? html` and ${h.names.length - NAMES_SHOWN} more` : ''}</li>`,
      )}${d.furtherDependants ? html`<li data-hop="further" data-count="${d.furtherDependants}">more than ${DEPENDANT_HOPS} hops away: ${d.furtherDependants}</li>` : ''}</ul>`
    : html`<p class="muted">Nothing depends on it.</p>`
}
</section>
${d.documents.length ? html`<section aria-labelledby="h-docs"><h2 id="h-docs">OpenAPI documents</h2><ul data-documents>${d.documents.map((v) => html`<li><a href="${uiUrl.providerContract(p.name, v)}">${v}</a></li>`)}</ul></section>` : ''}
<section aria-labelledby="versions"><h2 id="versions">Versions (<span data-version-total>${d.versions.total}</span>)</h2>
<p class="muted">Newest first; page <span data-page>${d.versions.page}</span> of ${d.versions.pages}.</p>
<table class="grid" data-versions><thead><tr><th scope="col">Version</th><th scope="col">Branches</th><th scope="col">Created</th><th scope="col">Live in</th><th scope="col">Pacts</th></tr></thead>
<tbody>${d.versions.rows.map((v) => html`<tr><td><code class="nowrap">${v.number}</code></td><td>${v.branches.map((b, i) => html`${i ? ', ' : ''}<span class="nowrap">${b}</span>`)}</td><td><time class="nowrap" datetime="${v.created_at}">${v.created_at}</time></td><td>${v.live.join(', ')}</td><td>${v.pactsWith.map((prov, i) => html`${i ? ', ' : ''}<a class="nowrap" href="${uiUrl.pact(prov, p.name, v.number)}">with ${prov}</a>`)}</td></tr>`)}</tbody></table>
<nav aria-label="Version pages" class="pager">${d.versions.page > 1 ? html`<a href="${at(d.versions.page - 1)}" rel="prev">Newer versions</a> ` : ''}${d.versions.page < d.versions.pages ? html`<a href="${at(d.versions.page + 1)}" rel="next">Older versions</a>` : ''}</nav>
</section>`;
  return page({ title: p.name, section: 'pacticipant', body, environments: envNames });
}

function stateCell(s: CounterpartState | undefined): Html {
  if (!s || s.verdict === 'not-deployed')
    return html`<td class="state" data-verdict="not-deployed"><span class="muted">not both live</span></td>`;
  return html`<td class="state" data-verdict="${s.verdict}" data-evidence="${s.evidence ?? 'none'}">${verdictBadge(s.verdict, s.evidence ?? 'none')}${
    s.consumerVersion
      ? html`<br><span class="muted nowrap" data-pair>${s.consumerVersion} → ${s.providerVersion}</span>`
      : ''
  }${
    s.lastVerification
      ? html`<br><span class="muted" data-last-verified="${s.lastVerification.at}">last verified <time class="nowrap" datetime="${s.lastVerification.at}">${s.lastVerification.at.slice(0, 16).replace('T', ' ')}</time> ${s.lastVerification.success ? 'passed' : 'failed'} by <span class="nowrap">${s.lastVerification.providerVersion}</span></span>`
      : ''
  }${s.verificationRequestedAt ? html`<br><span data-requested-at="${s.verificationRequestedAt}">verification requested at <time class="nowrap" datetime="${s.verificationRequestedAt}">${s.verificationRequestedAt.slice(0, 16).replace('T', ' ')}</time></span>` : ''}</td>`;
}
