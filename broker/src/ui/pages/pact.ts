import type { Request } from 'express';
import { parsePact } from '../../../../contracts/src/pact/parse.ts';
import type { Interaction, Pact } from '../../../../contracts/src/pact/model.ts';
import { diffPacts, formatPactDiff } from '../../../../contracts/src/pact-diff/index.ts';
import type { Finding } from '../../../../contracts/src/openapi/comparator/types.ts';
import { parsePath } from '../../../../contracts/src/openapi/json-path.ts';
import { pactForConsumerVersion } from '../../domain/pacts/queries.ts';
import { environmentNames, pactPage, pactVersionsOfPair } from '../../domain/ui/read-models.ts';
import type { Deps } from '../../deps.ts';
import { html, uiUrl, type Html } from '../html.ts';
import { page } from '../layout.ts';

const q = (req: Request, name: string) =>
  typeof req.query[name] === 'string' && req.query[name] !== '' ? (req.query[name] as string) : undefined;
const pretty = (v: unknown, max = 4000) => {
  const s = JSON.stringify(v, null, 2) ?? 'undefined';
  return s.length > max ? `${s.slice(0, max)}\n… (${s.length - max} more characters)` : s;
};

/** Pact view: the interactions, each with the comparison's findings beside it and the part of the OpenAPI document they concern. */
export async function pactViewPage(deps: Deps, req: Request): Promise<Html> {
  const { provider, consumer, version } = req.params as Record<string, string>;
  const { d, envs } = await deps.store.read(function* () {
    return {
      d: yield* pactPage(provider!, consumer!, version!, q(req, 'providerVersion')),
      envs: yield* environmentNames(),
    };
  });
  const pact = parsePact(JSON.parse(d.found.pactVersion.content));
  const findings: Finding[] = d.comparison ? JSON.parse(d.comparison.findings) : [];
  const document: unknown = d.contract ? JSON.parse(d.contract.document) : undefined;
  const byInteraction = new Map<number, Finding[]>();
  const general: Finding[] = [];
  for (const f of findings) {
    if (f.interaction) byInteraction.set(f.interaction.index, [...(byInteraction.get(f.interaction.index) ?? []), f]);
    else general.push(f);
  }
  const sha = d.found.pactVersion.sha;
  const comparisonApi = d.providerVersion
    ? `/pacts/provider/${encodeURIComponent(provider!)}/consumer/${encodeURIComponent(consumer!)}/pact-version/${sha}/comparison/provider-version/${encodeURIComponent(d.providerVersion)}`
    : undefined;
  const previous = d.otherVersions[d.otherVersions.indexOf(version!) + 1];
  const status = !d.providerVersion
    ? html`<p class="muted">${provider} has published no OpenAPI document, so there are no static findings; verification results decide (see the <a href="${uiUrl.matrix(provider!, consumer!)}">matrix</a>).</p>`
    : !d.contract
      ? html`<p class="muted">${provider} ${d.providerVersion} has no OpenAPI document.</p>`
      : !d.comparison
        ? html`<p class="badge v-unk"><span aria-hidden="true">…</span> unknown (being computed): the pact is being compared with ${provider} ${d.providerVersion}'s OpenAPI document.</p>`
        : html`<p class="summary ${d.comparison.result === 'compatible' ? 'v-oas' : d.comparison.result === 'incompatible' ? 'v-bad' : 'v-unk'}"><strong><span aria-hidden="true">${d.comparison.result === 'compatible' ? '◇' : d.comparison.result === 'incompatible' ? '✗' : '?'}</span> ${d.comparison.result}</strong> against <a href="${uiUrl.providerContract(provider!, d.providerVersion)}">${provider} ${d.providerVersion}'s OpenAPI document</a>: ${findings.filter((f) => f.type === 'error').length} error(s), ${findings.filter((f) => f.type !== 'error').length} other finding(s)${d.comparison.reason ? html` (${d.comparison.reason})` : ''}. Engine ${d.comparison.engine_name} ${d.comparison.engine_version}. <a href="${comparisonApi}">JSON</a></p>`;
  const body = html`
<p>${consumer} <code>${version}</code> → ${provider} · pact version <code>${sha.slice(0, 12)}</code> · ${pact.interactions.length} interaction(s), specification ${pact.specVersion}
 · <a href="/pacts/provider/${encodeURIComponent(provider!)}/consumer/${encodeURIComponent(consumer!)}/version/${encodeURIComponent(version!)}">pact JSON</a>
 · <a href="${uiUrl.matrix(provider!, consumer!)}">matrix</a>${previous ? html` · <a href="${uiUrl.diff(provider!, consumer!, previous, version)}">changes since ${previous}</a>` : ''}</p>
${
  d.providerVersionsWithDocs.length
    ? html`<form class="filters" method="get" action="${uiUrl.pact(provider!, consumer!, version!)}">
  <label for="p-pv">Compare with the OpenAPI document of ${provider}</label>
  <select id="p-pv" name="providerVersion">${d.providerVersionsWithDocs.map((v) => html`<option value="${v}"${v === d.providerVersion ? html` selected` : ''}>${v}</option>`)}</select>
  <button type="submit">Show findings</button></form>`
    : ''
}
${status}
${general.length ? html`<section class="findings"><h2>Findings about the whole pact</h2>${findingList(general, document)}</section>` : ''}
${pact.interactions.map((i) => interactionView(i, byInteraction.get(i.index) ?? [], document, Boolean(d.comparison)))}`;
  return page({ title: `Pact ${consumer} → ${provider}`, section: 'pact', body, environments: envs });
}

function interactionView(i: Interaction, findings: Finding[], document: unknown, compared: boolean): Html {
  const errors = findings.filter((f) => f.type === 'error').length;
  return html`<article class="interaction">
<div class="int-main">
<h2>${i.description}</h2>
${i.providerStates.length ? html`<p class="muted">Given ${i.providerStates.map((s, k) => html`${k ? ' and ' : ''}${s.name}`)}</p>` : ''}
${
  i.kind === 'http'
    ? html`
<h3>Request</h3><p><code>${i.request.method} ${i.request.path}${Object.keys(i.request.query).length ? `?${new URLSearchParams(Object.entries(i.request.query).flatMap(([k, vs]) => vs.map((v) => [k, v]))).toString()}` : ''}</code></p>
${Object.keys(i.request.headers).length ? html`<pre>${pretty(i.request.headers)}</pre>` : ''}${i.request.body !== undefined ? html`<pre>${pretty(i.request.body)}</pre>` : ''}
<h3>Response</h3><p><code>${i.response.status}</code></p>
${Object.keys(i.response.headers).length ? html`<pre>${pretty(i.response.headers)}</pre>` : ''}${i.response.body !== undefined ? html`<pre>${pretty(i.response.body)}</pre>` : ''}`
    : i.kind === 'message'
      ? html`<h3>Message</h3><pre>${pretty(i.contents)}</pre><h3>Metadata</h3><pre>${pretty(i.metadata)}</pre>`
      : html`<h3>Request</h3><pre>${pretty(i.request.contents)}</pre><h3>Responses</h3>${i.response.map((r) => html`<pre>${pretty(r.contents)}</pre>`)}`
}
</div>
<aside class="int-findings" aria-label="Findings for ${i.description}">
<h3>${!compared ? 'No comparison' : errors ? html`<span class="v-bad"><span aria-hidden="true">✗</span> ${errors} error(s)</span>` : findings.length ? html`<span class="v-unk">${findings.length} note(s)</span>` : html`<span class="v-oas"><span aria-hidden="true">◇</span> no findings</span>`}</h3>
${findings.length ? findingList(findings, document) : ''}
</aside>
</article>`;
}

function findingList(findings: Finding[], document: unknown): Html {
  return html`<ul class="finding-list">${findings.map(
    (f) => html`<li class="finding f-${f.type}"><strong>${f.type}</strong> <code>${f.code}</code>: ${f.message}
${f.operation ? html`<br><span class="muted">operation ${f.operation.method.toUpperCase()} ${f.operation.path}</span>` : ''}
${f.pactLocation ? html`<br><span class="muted">in the pact at <code>${f.pactLocation}</code>${f.pactValue !== undefined ? html`: <code>${JSON.stringify(f.pactValue)}</code>` : ''}</span>` : ''}
${f.documentLocation ? html`<details><summary>The document at <code>${f.documentLocation}</code></summary><pre>${pretty(f.documentValue !== undefined ? f.documentValue : at(document, f.documentLocation), 3000)}</pre></details>` : ''}
${f.causes?.length ? html`<details><summary>${f.causes.length} cause(s)</summary>${findingList(f.causes, document)}</details>` : ''}</li>`,
  )}</ul>`;
}

function at(document: unknown, path: string): unknown {
  const segs = parsePath(path);
  if (!segs) return undefined;
  let cur: unknown = document;
  for (const s of segs) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}

/** The difference between two versions of a pact: what the consumer asks for now, and what it no longer asks for. */
export async function pactDiffPage(deps: Deps, req: Request): Promise<Html> {
  const { provider, consumer } = req.params as Record<string, string>;
  const { versions, envs } = await deps.store.read(function* () {
    return { versions: yield* pactVersionsOfPair(provider!, consumer!), envs: yield* environmentNames() };
  });
  const to = q(req, 'to') ?? versions[0];
  const from = q(req, 'from') ?? versions[versions.indexOf(to ?? '') + 1] ?? versions[0];
  let diffView: Html = html`<p class="muted">${consumer} has published fewer than two pacts with ${provider}.</p>`;
  if (from && to) {
    const [a, b] = await deps.store.read(function* () {
      return [
        yield* pactForConsumerVersion(provider!, consumer!, from),
        yield* pactForConsumerVersion(provider!, consumer!, to),
      ];
    });
    const oldPact: Pact = parsePact(JSON.parse(a.pactVersion.content));
    const newPact: Pact = parsePact(JSON.parse(b.pactVersion.content));
    const diff = diffPacts(oldPact, newPact);
    const mark = {
      added: ['+', 'v-ok', 'new interaction'],
      removed: ['−', 'v-bad', 'removed'],
      changed: ['~', 'v-unk', 'changed'],
      unchanged: ['=', 'v-none', 'unchanged'],
    } as const;
    diffView = html`
<p>From <a href="${uiUrl.pact(provider!, consumer!, from)}"><code>${from}</code></a> to <a href="${uiUrl.pact(provider!, consumer!, to)}"><code>${to}</code></a>${a.pactVersion.sha === b.pactVersion.sha ? ': the same content' : ''}.</p>
<ul class="diff">${diff.interactions.map(
      (
        i,
      ) => html`<li class="d-${i.change}"><span class="badge ${mark[i.change][1]}"><span aria-hidden="true">${mark[i.change][0]}</span> ${mark[i.change][2]}</span> <strong>${i.interaction}</strong>
${i.asksNow.length || i.noLongerAsks.length ? html`<ul>${i.asksNow.map((r) => html`<li><span aria-hidden="true">+</span> <span class="sr-only">asks now:</span> <code>${r.element}</code>: ${r.expectation}</li>`)}${i.noLongerAsks.map((r) => html`<li><span aria-hidden="true">−</span> <span class="sr-only">no longer asks:</span> <code>${r.element}</code>: ${r.expectation}</li>`)}</ul>` : ''}</li>`,
    )}</ul>
<details><summary>As text (<code>rollgate diff-pacts</code>)</summary><pre>${formatPactDiff(diff)}</pre></details>`;
  }
  const opt = (chosen?: string) =>
    versions.map((v) => html`<option value="${v}"${v === chosen ? html` selected` : ''}>${v}</option>`);
  const body = html`
<form class="filters" method="get" action="${uiUrl.diff(provider!, consumer!)}">
  <label for="d-from">From ${consumer} version</label><select id="d-from" name="from">${opt(from)}</select>
  <label for="d-to">to</label><select id="d-to" name="to">${opt(to)}</select>
  <button type="submit">Compare</button>
</form>
${diffView}`;
  return page({ title: `Pact changes ${consumer} → ${provider}`, section: 'pact', body, environments: envs });
}
