/**
 * `/ui/environments/{e}/safety` (issue 21): rollback safety you can watch. Each deployed service's kept verdict, then
 * the timeline: when each service stopped (or started again) being safe to roll back alone, why, and the writes that
 * came before.
 */
import type { Request } from 'express';
import type { Deps } from '../../deps.ts';
import { environmentNames } from '../../domain/ui/read-models.ts';
import { safetyOf } from '../../safety/queries.ts';
import { html, uiUrl, type Html } from '../html.ts';
import { page, rollbackBadge } from '../layout.ts';

export async function rollbackSafetyPage(deps: Deps, req: Request): Promise<Html> {
  const environment = String(req.params.environment);
  const { view, envs } = await deps.store.read(function* () {
    return { view: yield* safetyOf(environment), envs: yield* environmentNames() };
  });
  const badge = `/badges/rollback/environments/${encodeURIComponent(view.environment)}`;
  const body = html`
<p class="muted">Kept up to date in the background after each write that can change a verdict. <a href="${uiUrl.environment(view.environment)}">Ask about a rollback in ${view.environment}</a>. Badge: <img src="${badge}" alt="rollback safety badge of ${view.environment}"> <code>${badge}</code></p>
${
  view.evaluated
    ? html`<section><h2>Now</h2>
<table class="grid"><thead><tr><th scope="col">Service</th><th scope="col">Verdict</th><th scope="col">Why</th></tr></thead>
<tbody>${view.pacticipants.map((p) => html`<tr><th scope="row"><a href="${uiUrl.pacticipant(p.name)}">${p.name}</a></th><td>${rollbackBadge(p.verdict)}</td><td>${p.reason}</td></tr>`)}</tbody></table></section>`
    : html`<p>Nothing evaluated yet: the first deployment recorded in ${view.environment} starts the watch.</p>`
}
<section><h2>Timeline</h2>
${
  view.changes.length
    ? html`<ol class="timeline" reversed>${view.changes.map(
        (
          c,
        ) => html`<li><time datetime="${c.changedAt}">${c.changedAt}</time>: <strong>${c.pacticipant}</strong> ${c.previousVerdict ?? 'new'} → ${rollbackBadge(c.verdict)}. ${c.reason}
${c.writes.length ? html`<details><summary>Writes before this change (${c.writes.length})</summary><ul>${c.writes.map((w) => html`<li><code>${w}</code></li>`)}</ul></details>` : ''}</li>`,
      )}</ol>`
    : html`<p class="muted">No change of verdict yet.</p>`
}
</section>`;
  return page({
    title: `Rollback safety in ${view.environment}`,
    section: 'environment',
    body,
    environments: envs,
    currentEnvironment: view.environment,
  });
}
