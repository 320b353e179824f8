import type { Request } from 'express';
import { gatherRollbackWorld } from '../../domain/rollback/gather.ts';
import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { environmentNames } from '../../domain/ui/read-models.ts';
import { canIRollbackSet, renderReason, renderWarning } from '../../gate/rollback/index.ts';
import type { PairReport, RollbackAnyAnswer, RollbackSetAnswer } from '../../gate/rollback/types.ts';
import { answerCanIRollback } from '../../domain/rollback/answer.ts';
import type { Deps } from '../../deps.ts';
import { html, uiUrl, type Html } from '../html.ts';
import { page, rollbackBadge, verdictBadge } from '../layout.ts';
import { failuresHtml } from '../failures.ts';
import type { VerificationFailures } from '../../gate/verification/failures.ts';

/**
 * Environment: each service's current and prior version and its any-subset verdict, and the what-if: tick
 * services, and the page asks `GET /can-i-rollback?environment=E&pacticipant=...` (ui.js) and shows whether it is
 * safe, the broken pairs and why, the smallest safe set and the plan, without a reload. Without JavaScript the
 * same form submits and the server renders the same answer.
 */
export async function environmentPage(deps: Deps, req: Request): Promise<Html> {
  const environment = String(req.params.environment);
  const ticked = [req.query.pacticipant].flat().filter((x): x is string => typeof x === 'string' && x !== '');
  const { set, envs } = await deps.store.read(function* () {
    const envs = yield* environmentNames();
    // A page that does not exist: 404 (the API's 400 is about a query naming an unknown environment).
    if (!envs.includes(environment)) throw new NotFoundError(message('environment.not-found', { name: environment }));
    let set: RollbackSetAnswer | undefined;
    if (ticked.length) {
      const w2 = yield* gatherRollbackWorld({ environment, targets: ticked.map((pacticipant) => ({ pacticipant })) });
      set = canIRollbackSet(w2, { targets: ticked.map((pacticipant) => ({ pacticipant })) });
    }
    return { set, envs };
  });
  // The any-subset answer the API gives, from the same answer cache (issue 15): not recomputed on every view.
  const any = (await answerCanIRollback(deps.store, { environment, targets: [], ignore: [] })) as RollbackAnyAnswer;
  const apiUrl = `/can-i-rollback?environment=${encodeURIComponent(environment)}`;
  // A young environment (nothing has a prior version yet) is not a warning: there is simply nothing to roll back to.
  const nothingYet = any.summary.everySubsetSafe && any.pacticipants.every((p) => p.verdict === 'no-prior');
  const body = html`
<p class="summary ${any.summary.everySubsetSafe ? 'v-ok' : 'v-unk'}"><strong><span aria-hidden="true">${any.summary.everySubsetSafe ? '✓' : '⚠'}</span> ${any.summary.everySubsetSafe ? (nothingYet ? 'Nothing to roll back to yet.' : 'Every rollback is safe.') : 'Not every rollback is safe:'}</strong> ${nothingYet ? any.summary.reason.replace(/^Nothing to roll back to yet: /, '') : any.summary.reason}</p>
<p class="muted">From <a href="${apiUrl}">${apiUrl}</a> (the any-subset analysis). <a href="${uiUrl.graph(environment)}">See ${environment} in the service graph</a>.</p>
<p class="muted"><a href="${uiUrl.gaps(environment)}">Evidence gaps in ${environment}</a>: the live pairs that are incompatible or have no evidence, with exports.</p>
<form id="whatif" class="whatif" method="get" action="${uiUrl.environment(environment)}" data-environment="${environment}">
<fieldset>
<legend>What if these services rolled back? Tick services: the answer updates as you tick.</legend>
<table class="grid">
<thead><tr><th scope="col">Roll back</th><th scope="col">Service</th><th scope="col">Current</th><th scope="col">Prior</th><th scope="col">On its own</th><th scope="col">Must roll back with it</th><th scope="col">Cannot roll back with</th><th scope="col">Why</th></tr></thead>
<tbody>
${any.pacticipants.map(
  (p, i) => html`<tr>
  <td><input type="checkbox" id="rb-${i}" name="pacticipant" value="${p.name}"${ticked.includes(p.name) ? html` checked` : ''}></td>
  <th scope="row"><label for="rb-${i}">${p.name}</label> <a class="muted" href="${uiUrl.pacticipant(p.name)}" aria-label="${p.name} page">page</a></th>
  <td><code>${p.current}</code>${p.instances ? html`<ul class="plain muted">${p.instances.map((x) => html`<li>${x.applicationInstance ?? 'default'}: ${x.current} → ${x.prior ?? 'none'}</li>`)}</ul>` : ''}</td>
  <td>${p.prior === null ? html`<span class="muted">none</span>` : html`<code>${p.prior}</code>`}</td>
  <td>${rollbackBadge(p.verdict)}</td>
  <td>${p.requires.length ? p.requires.join(', ') : html`<span class="muted">nothing</span>`}</td>
  <td>${p.conflictsWith.length ? p.conflictsWith.join(', ') : html`<span class="muted">—</span>`}</td>
  <td>${p.reasons.length ? html`<details><summary>${p.reasons.length} reason${p.reasons.length === 1 ? '' : 's'}</summary><ul>${p.reasons.map((r) => html`<li>${renderReason(r)}</li>`)}</ul></details>` : html`<span class="muted">—</span>`}</td>
</tr>`,
)}
</tbody>
</table>
<p><button type="submit">Check this rollback</button> <button type="button" id="whatif-clear" class="secondary">Clear</button></p>
</fieldset>
</form>
<section id="whatif-result" class="whatif-result" aria-live="polite" aria-label="What-if answer"${set ? html` data-state="${set.summary.rollbackable ? 'safe' : 'unsafe'}"` : ''}>
${set ? setAnswer(set) : html`<p class="muted">Tick one or more services above to see whether rolling them back is safe.</p>`}
</section>
${any.warnings.length ? html`<section><h2>Already broken in ${environment}</h2><ul>${any.warnings.map((w) => html`<li><span aria-hidden="true">⚠</span> ${renderWarning(w)}</li>`)}</ul></section>` : ''}`;
  return page({
    title: `Environment ${environment}`,
    section: 'environment',
    body,
    environments: envs,
    currentEnvironment: environment,
  });
}

/** The what-if answer, rendered on the server when the form is submitted without JavaScript (ui.js renders the same from JSON). */
function setAnswer(a: RollbackSetAnswer): Html {
  const broken = a.pairs.filter((p) => p.verdict !== 'compatible');
  return html`
<h2>${a.summary.rollbackable ? html`<span class="v-ok"><span aria-hidden="true">✓</span> Safe to roll back</span>` : html`<span class="v-bad"><span aria-hidden="true">✗</span> Not safe to roll back</span>`}</h2>
<p data-reason>${a.summary.reason}</p>
<p>${a.summary.compatible} compatible, ${a.summary.incompatible} incompatible, ${a.summary.unknown} unknown pair(s).</p>
<h3>Targets</h3>
<ul>${a.targets.map((t) => html`<li>${t.pacticipant}${t.applicationInstance ? ` (${t.applicationInstance})` : ''}: <code>${t.from}</code> → ${t.to === null ? html`<strong>nothing to roll back to</strong>` : html`<code>${t.to}</code>`}</li>`)}</ul>
${broken.length ? html`<h3>Broken pairs</h3><ul class="pairs">${broken.map(pairItem)}</ul>` : ''}
<h3>Smallest safe set</h3>
<p data-minimal>${a.minimalSafeSet === null ? 'none: no safe rollback contains these services' : a.minimalSafeSet.join(', ')}</p>
${a.plan.length ? html`<h3>Plan</h3><ol class="plan">${a.plan.map((s) => html`<li>Step ${s.step}: ${s.pacticipants.map((p, i) => html`${i ? ', ' : ''}${p.name}${p.applicationInstance ? ` (${p.applicationInstance})` : ''} <code>${p.from}</code> → <code>${p.to}</code>`)}</li>`)}</ol>` : ''}
${a.warnings.length ? html`<h3>Warnings</h3><ul>${a.warnings.map((w) => html`<li>${renderWarning(w)}</li>`)}</ul>` : ''}`;
}

function pairItem(p: PairReport): Html {
  return html`<li>${verdictBadge(p.verdict, p.evidence)} ${p.consumer.name} <code>${p.consumer.version}</code> → ${p.provider.name} <code>${p.provider.version}</code>
  ${p.verificationRequestedAt ? html`<span class="muted">(verification requested at ${p.verificationRequestedAt})</span>` : ''}
  <ul>${p.reasons.map((r) => html`<li>${typeof r.message === 'string' ? r.message : r.id}${r.failures ? failuresHtml(r.failures as VerificationFailures, typeof r.verificationResult === 'string' ? r.verificationResult : undefined) : ''}</li>`)}</ul></li>`;
}
