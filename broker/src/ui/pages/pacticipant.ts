import type { Request } from 'express';
import { environmentNames, pacticipantPage } from '../../domain/ui/read-models.ts';
import type { Deps } from '../../deps.ts';
import { html, uiUrl, type Html } from '../html.ts';
import { page } from '../layout.ts';

/** A pacticipant: where it runs, whom it consumes and who consumes it (with their matrices), its recent versions and pacts. */
export async function pacticipantUiPage(deps: Deps, req: Request): Promise<Html> {
  const name = String(req.params.pacticipant);
  const { d, envs } = await deps.store.read(function* () {
    return { d: yield* pacticipantPage(name), envs: yield* environmentNames() };
  });
  const p = d.pacticipant;
  const body = html`
<p class="muted">${p.display_name ? html`${p.display_name} · ` : ''}main branch: ${p.main_branch ?? 'not set'}${p.repository_url ? html` · repository: ${p.repository_url}` : ''} · <a href="/pacticipants/${encodeURIComponent(p.name)}">HAL resource</a> · <a href="/ui/graph?focus=${encodeURIComponent(p.name)}">focus in the graph</a></p>
<section><h2>Where it runs</h2>
${d.placements.length ? html`<ul>${d.placements.map((x) => html`<li><a href="${uiUrl.environment(x.environment)}">${x.environment}</a>: <code>${x.version}</code>${x.application_instance ? html` (${x.application_instance})` : ''}${x.kind === 'released' ? html` <span class="tag">released</span>` : ''}</li>`)}</ul>` : html`<p class="muted">Not deployed or released anywhere.</p>`}
</section>
<section><h2>Consumes</h2>
${d.consumes.length ? html`<ul>${d.consumes.map((x) => html`<li><a href="${uiUrl.pacticipant(x)}">${x}</a> · <a href="${uiUrl.matrix(x, p.name)}">matrix</a> · <a href="${uiUrl.diff(x, p.name)}">pact changes</a></li>`)}</ul>` : html`<p class="muted">No pacts with providers.</p>`}
</section>
<section><h2>Consumed by</h2>
${d.consumedBy.length ? html`<ul>${d.consumedBy.map((x) => html`<li><a href="${uiUrl.pacticipant(x)}">${x}</a> · <a href="${uiUrl.matrix(p.name, x)}">matrix</a></li>`)}</ul>` : html`<p class="muted">No consumers.</p>`}
</section>
${d.documents.length ? html`<section><h2>OpenAPI documents</h2><ul data-documents>${d.documents.map((v) => html`<li><a href="${uiUrl.providerContract(p.name, v)}">${v}</a></li>`)}</ul></section>` : ''}
<section><h2>Recent versions</h2>
<table class="grid"><thead><tr><th scope="col">Version</th><th scope="col">Branches</th><th scope="col">Created</th><th scope="col">Pacts</th></tr></thead>
<tbody>${d.versions.map((v) => html`<tr><td><code>${v.number}</code></td><td>${v.branches.join(', ')}</td><td>${v.created_at}</td><td>${v.pactsWith.map((prov, i) => html`${i ? ', ' : ''}<a href="${uiUrl.pact(prov, p.name, v.number)}">with ${prov}</a>`)}</td></tr>`)}</tbody></table>
</section>`;
  return page({ title: p.name, section: 'pacticipant', body, environments: envs });
}
