import type { Request } from 'express';
import { findingMessage } from '../../../../contracts/src/openapi-diff/messages.ts';
import type { Finding } from '../../../../contracts/src/openapi-diff/types.ts';
import type { ChangesAnswer } from '../../domain/openapi-changes/answer.ts';
import { isUnreadableContract } from '../../domain/provider-contracts/queries.ts';
import { providerContractPage } from '../../domain/ui/provider-contract-page.ts';
import { environmentNames } from '../../domain/ui/read-models.ts';
import type { Deps } from '../../deps.ts';
import { routes } from '../../links/paths.ts';
import { answerOpenApiChanges } from '../../precompute/openapi-changes.ts';
import { html, uiUrl, type Html } from '../html.ts';
import { page } from '../layout.ts';

const LEVEL_CLASS: Record<Finding['level'], string> = { ERR: 'v-bad', WARN: 'v-unk', INFO: 'v-ok' };

/**
 * A provider version's OpenAPI document (issue 20): its self-verification, and what changed from another version's
 * document (picked from a list). Changes not computed yet are queued and said to be pending, never shown as none.
 */
export async function providerContractUiPage(deps: Deps, req: Request): Promise<Html> {
  const { provider, version } = req.params as Record<string, string>;
  const against = typeof req.query.against === 'string' && req.query.against !== '' ? req.query.against : undefined;
  const { d, envs } = await deps.store.read(function* () {
    return { d: yield* providerContractPage(provider!, version!), envs: yield* environmentNames() };
  });
  const changes = against
    ? await answerOpenApiChanges(deps.store, { provider: provider!, version: version!, against })
    : undefined;
  const sv = d.contract.self_verification ? (JSON.parse(d.contract.self_verification) as { success?: boolean }) : {};
  const body = html`
<p>${d.contract.specification} · content <code>${d.contract.content_sha.slice(0, 12)}</code> · published ${d.contract.created_at}
 · self-verification: ${sv.success === true ? 'passed' : sv.success === false ? 'failed' : 'none'}
 · <a href="${routes.providerContract(provider!, version!)}">HAL resource</a> · <a href="${uiUrl.pacticipant(provider!)}">${provider}</a></p>
${
  isUnreadableContract(d.contract)
    ? html`<p class="badge v-unk" data-unreadable>Not an OpenAPI document rollgate can read: stored as given, as PactFlow stores it. No pact is compared with it, so it is no evidence for can-i-deploy (a verification result still is).</p>`
    : ''
}<section><h2>Changes</h2>
${
  d.others.length
    ? html`<form class="filters" method="get" action="${uiUrl.providerContract(provider!, version!)}">
  <label for="pc-against">What changed in ${version} since the document of</label>
  <select id="pc-against" name="against">${d.others.map((v) => html`<option value="${v}"${v === against ? html` selected` : ''}>${v}</option>`)}</select>
  <button type="submit">Show changes</button></form>`
    : html`<p class="muted">${provider} has no other version with an OpenAPI document to compare with.</p>`
}
${changes && against ? changesView(provider!, version!, against, changes) : ''}
</section>`;
  return page({
    title: `OpenAPI document of ${provider} ${version}`,
    section: 'pacticipant',
    body,
    environments: envs,
  });
}

function changesView(provider: string, version: string, against: string, a: ChangesAnswer): Html {
  const api = `${routes.providerContract(provider, version)}/changes?against=${encodeURIComponent(against)}`;
  if (a.status === 'pending')
    return html`<p class="badge v-unk" data-changes="pending"><span aria-hidden="true">…</span> Being computed: what changed from ${against} to ${version} is not known yet. Reload the page in a moment. <a href="${api}">JSON</a></p>`;
  if (a.status === 'failed')
    return html`<p class="badge v-bad" data-changes="failed">The documents of ${against} and ${version} could not be compared: ${a.failure}</p>`;
  const f = a.result.findings;
  const count = (l: Finding['level']) => f.filter((x) => x.level === l).length;
  const breaking = count('ERR') > 0;
  return html`<p class="summary ${breaking ? 'v-bad' : 'v-ok'}" data-changes="${breaking ? 'breaking' : 'compatible'}"><strong>${breaking ? html`<span aria-hidden="true">✗</span> Breaking changes` : html`<span aria-hidden="true">✓</span> No breaking change`}</strong> from ${against} to ${version}: ${count('ERR')} ERR, ${count('WARN')} WARN, ${count('INFO')} INFO${a.result.partial ? ' (partial: some changes are not compared)' : ''}. <a href="${api}">JSON</a></p>
${
  f.length
    ? html`<table class="grid" data-findings><thead><tr><th scope="col">Level</th><th scope="col">Operation</th><th scope="col">Change</th><th scope="col">Rule</th></tr></thead>
<tbody>${f.map((x) => html`<tr><td class="${LEVEL_CLASS[x.level]}">${x.level}</td><td>${x.location.operation ? html`<code>${x.location.operation.method.toUpperCase()} ${x.location.operation.path}</code>` : '(document)'}</td><td>${findingMessage(x)}</td><td><code>${x.id}</code></td></tr>`)}</tbody></table>`
    : ''
}`;
}
