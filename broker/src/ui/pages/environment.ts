import type { Request } from 'express';
import { NotFoundError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { environmentNames } from '../../domain/ui/read-models.ts';
import { reasonNames, renderReason, renderWarning } from '../../gate/rollback/index.ts';
import type { RollbackReason } from '../../gate/rollback/reasons.ts';
import type { PacticipantReport, PairReport, RollbackWarning, VersionRef } from '../../gate/rollback/types.ts';
import {
  answerCanIRollback,
  type RollbackAnyAnswerWithApi,
  type RollbackSetAnswerWithApi,
} from '../../domain/rollback/answer.ts';
import { capSetAnswer, summaryOf, type ApiWarningRef, type LeftOut } from '../../domain/rollback/detail.ts';
import type { Deps } from '../../deps.ts';
import { html, uiUrl, type Html } from '../html.ts';
import { page, rollbackBadge, verdictBadge } from '../layout.ts';
import { failuresHtml } from '../failures.ts';
import type { VerificationFailures } from '../../gate/verification/failures.ts';

/**
 * Environment (issue 19: answer first): the verdict counts and their cause, each group of services that must roll
 * back together explained once, then a sortable, filterable, paged list of the services, worst first, each row with
 * the reasons about that service; "must roll back with" and "cannot roll back with" are counts that expand. The
 * what-if: tick services, and the page asks `GET /can-i-rollback?environment=E&pacticipant=...` (ui.js) and shows
 * the answer beside the ticked row, its one-line verdict in a live region. Without JavaScript the same forms submit
 * and the server renders the same answer in the same place.
 */

/** Rows per page of the service list. */
export const ENVIRONMENT_PAGE_SIZE = 50;
/** Names listed when a requires / conflicts count is opened, and reasons shown per row (the API has them all). */
const NAMES_SHOWN = 20;
const REASONS_SHOWN = 3;
/** Pairs, reasons and warnings the what-if answer shows (of the API's capped lists). */
const WHATIF_SHOWN = 10;

const WORST: Record<string, number> = { blocked: 0, 'needs-companions': 1, independent: 2, 'no-prior': 3 };
const SORTS = ['worst', 'name', 'requires', 'conflicts'] as const;
type Sort = (typeof SORTS)[number];
const VERDICTS = ['blocked', 'needs-companions', 'independent', 'no-prior'] as const;

type Reason = RollbackReason & { message?: string };
type Row = PacticipantReport & { reasons: Reason[] };

interface ListQuery {
  q: string;
  verdict: string;
  sort: Sort;
  page: number;
}

const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const n = (x: number) => x.toLocaleString('en');
const plural = (k: number, one: string, many = `${one}s`) => `${n(k)} ${k === 1 ? one : many}`;

function listQuery(req: Request): ListQuery {
  const sort = str(req.query.sort) as Sort;
  const pageNo = Number.parseInt(str(req.query.page), 10);
  const verdict = str(req.query.verdict);
  return {
    q: str(req.query.q).trim(),
    verdict: (VERDICTS as readonly string[]).includes(verdict) ? verdict : '',
    sort: SORTS.includes(sort) ? sort : 'worst',
    page: Number.isFinite(pageNo) && pageNo > 0 ? pageNo : 1,
  };
}

const ref = (v: VersionRef) => `${v.name} ${v.version}`;
const pairText = (p: { consumer: VersionRef; provider: VersionRef; verdict: string }) =>
  `${ref(p.consumer)} → ${ref(p.provider)} (${p.verdict})`;

/** A reason in one line: what it says about `self`, the first pair behind it and how many more. */
function shortReason(r: Reason, self: string): string {
  const because = 'because' in r ? r.because : [];
  const pairs = because.length
    ? `: ${pairText(because[0])}${because.length > 1 ? ` and ${plural(because.length - 1, 'more pair')}` : ''}`
    : '';
  switch (r.id) {
    case 'needs':
      return r.pacticipant === self
        ? `needs ${r.needs} rolled back too${pairs}`
        : `${r.pacticipant} needs it rolled back too${pairs}`;
    case 'conflict': {
      const other = r.pacticipant === self ? r.conflictsWith : r.pacticipant;
      return `cannot roll back together with ${other}${pairs}`;
    }
    case 'cannot':
      return r.pacticipant === self
        ? r.other === self
          ? `its versions would be incompatible with each other${pairs}`
          : `cannot roll back, whether ${r.other} rolls back or not${pairs}`
        : `${r.pacticipant} cannot roll back, whether it rolls back or not${pairs}`;
    default:
      return r.message ?? renderReason(r);
  }
}

/** Services that must roll back together: the same closure (requires and itself) shared by two or more services. */
export interface Group {
  id: string;
  members: string[];
  /** Its members cannot roll back together: each conflicts with the rest of the group. */
  selfConflicting: boolean;
  blocked: boolean;
  /** Violations its members' reports list (not necessarily all: each report lists its first reasons). */
  causes: Reason[];
}

const closureKey = (p: Row) => [p.name, ...p.requires].sort().join('\n');
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function groupsOf(rows: Row[]): { groups: Group[]; groupOf: Map<string, Group> } {
  const byKey = new Map<string, Row[]>();
  for (const p of rows) {
    if (!p.requires.length) continue;
    const k = closureKey(p);
    const list = byKey.get(k);
    if (list) list.push(p);
    else byKey.set(k, [p]);
  }
  const groups: Group[] = [];
  const groupOf = new Map<string, Group>();
  const sorted = [...byKey.values()].filter((ms) => ms.length > 1).sort((a, b) => b.length - a.length);
  sorted.forEach((ms, i) => {
    const members = [ms[0].name, ...ms[0].requires].sort();
    const seen = new Set<string>();
    const causes: Reason[] = [];
    for (const p of ms)
      for (const r of p.reasons)
        if (r.id !== 'needs' && r.id !== 'more-reasons') {
          const key = r.message ?? JSON.stringify(r);
          if (!seen.has(key)) {
            seen.add(key);
            causes.push(r);
          }
        }
    const g: Group = {
      id: `group-${i + 1}`,
      members,
      selfConflicting: ms.every((p) => sameSet(p.conflictsWith, p.requires)),
      blocked: ms.some((p) => p.verdict === 'blocked'),
      causes,
    };
    groups.push(g);
    for (const p of ms) groupOf.set(p.name, g);
  });
  return { groups, groupOf };
}

/** Live pairs already broken, each once (a pair can be reported for several instances or released versions). */
function distinctWarnings(ws: RollbackWarning[]): RollbackWarning[] {
  const seen = new Set<string>();
  return ws.filter((w) => {
    const k = `${ref(w.consumer)}\n${ref(w.provider)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function sortRows(rows: Row[], sort: Sort): Row[] {
  const byName = (a: Row, b: Row) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const cmp: Record<Sort, (a: Row, b: Row) => number> = {
    worst: (a, b) =>
      WORST[a.verdict] - WORST[b.verdict] ||
      b.conflictsWith.length - a.conflictsWith.length ||
      b.requires.length - a.requires.length ||
      byName(a, b),
    name: byName,
    requires: (a, b) => b.requires.length - a.requires.length || byName(a, b),
    conflicts: (a, b) => b.conflictsWith.length - a.conflictsWith.length || byName(a, b),
  };
  return rows.slice().sort(cmp[sort]);
}

export async function environmentPage(deps: Deps, req: Request): Promise<Html> {
  const environment = String(req.params.environment);
  const ticked = [req.query.pacticipant].flat().filter((x): x is string => typeof x === 'string' && x !== '');
  const lq = listQuery(req);
  const envs = await deps.store.read(function* () {
    return yield* environmentNames();
  });
  // A page that does not exist: 404 (the API's 400 is about a query naming an unknown environment).
  if (!envs.includes(environment)) throw new NotFoundError(message('environment.not-found', { name: environment }));
  // The answers the API gives, from the same answer cache (issue 15): not recomputed on every view.
  const any = (await answerCanIRollback(deps.store, {
    environment,
    targets: [],
    ignore: [],
  })) as RollbackAnyAnswerWithApi;
  const set = ticked.length
    ? capSetAnswer(
        (await answerCanIRollback(deps.store, {
          environment,
          targets: ticked.map((pacticipant) => ({ pacticipant })),
          ignore: [],
        })) as RollbackSetAnswerWithApi,
      )
    : undefined;
  const rows = any.pacticipants as Row[];
  const { groups, groupOf } = groupsOf(rows);
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, rows.filter((p) => p.verdict === v).length]));
  const broken = distinctWarnings(any.warnings);
  const unknown = broken.filter((w) => w.verdict === 'unknown').length;
  const incompatible = broken.length - unknown;

  const needle = lq.q.toLowerCase();
  const shown = sortRows(
    rows.filter((p) => (!lq.verdict || p.verdict === lq.verdict) && (!needle || p.name.toLowerCase().includes(needle))),
    lq.sort,
  );
  const pages = Math.max(1, Math.ceil(shown.length / ENVIRONMENT_PAGE_SIZE));
  const pageNo = Math.min(lq.page, pages);
  const onPage = shown.slice((pageNo - 1) * ENVIRONMENT_PAGE_SIZE, pageNo * ENVIRONMENT_PAGE_SIZE);
  const onPageNames = new Set(onPage.map((p) => p.name));
  const lastTicked = [...onPage].reverse().find((p) => ticked.includes(p.name))?.name;

  const base = uiUrl.environment(environment);
  const link = (over: Partial<ListQuery>) => {
    const o = { ...lq, page: pageNo, ...over };
    const qs = new URLSearchParams();
    if (o.q) qs.set('q', o.q);
    if (o.verdict) qs.set('verdict', o.verdict);
    if (o.sort !== 'worst') qs.set('sort', o.sort);
    if (o.page > 1) qs.set('page', String(o.page));
    for (const t of ticked) qs.append('pacticipant', t);
    const s = qs.toString();
    return s ? `${base}?${s}` : base;
  };
  const apiUrl = `/can-i-rollback?environment=${encodeURIComponent(environment)}`;
  const candidates = rows.length - counts['no-prior'];
  const everySafe = any.summary.everySubsetSafe;
  const nothingYet = everySafe && candidates === 0;

  const verdictCounts = VERDICTS.filter((v) => counts[v] > 0).map(
    (v) => html`<li><a href="${link({ verdict: v, page: 1 })}">${n(counts[v])} ${verdictWords[v]}</a></li>`,
  );
  const cause = broken.length
    ? html`of the live pairs, ${n(unknown)} ${unknown === 1 ? 'has' : 'have'} no evidence and ${n(incompatible)} ${incompatible === 1 ? 'is' : 'are'} incompatible (${plural(broken.length, 'live pair')} already broken)`
    : '';
  const headline = nothingYet
    ? 'Nothing to roll back to yet.'
    : everySafe
      ? `Every rollback is safe: ${plural(candidates, 'service')} can each roll back on ${candidates === 1 ? 'its' : 'their'} own.`
      : counts.blocked
        ? `${n(counts.blocked)} of ${plural(rows.length, 'service')} cannot roll back safely.`
        : `Not every rollback is safe: ${n(counts['needs-companions'])} of ${plural(rows.length, 'service')} must roll back with others.`;

  const body = html`
<section class="env-answer" aria-labelledby="env-verdict">
<p id="env-verdict" class="summary ${everySafe ? 'v-ok' : counts.blocked ? 'v-bad' : 'v-unk'}"><strong><span aria-hidden="true">${everySafe ? '✓' : counts.blocked ? '✗' : '⚠'}</span> ${headline}</strong>${cause ? html` Cause: ${cause}.` : ''}</p>
<ul class="env-counts plain">${verdictCounts}</ul>
</section>
<div class="whatif-bar" role="group" aria-label="What-if">
<button type="submit" form="whatif">Check this rollback</button> <button type="button" id="whatif-clear" class="secondary" form="whatif">Clear</button>
<p id="whatif-verdict" class="whatif-verdict" role="status" aria-live="polite">${set ? verdictLine(set) : 'Tick services in the list to ask whether rolling them back is safe.'}</p>
</div>
${groups.length ? html`<ul class="env-groups plain">${groups.map((g) => groupItem(g))}</ul>` : ''}
<p class="muted">From <a href="${apiUrl}">the any-subset analysis</a> (<code>${apiUrl}</code>).</p>
<p class="muted"><a href="${uiUrl.gaps(environment)}">Evidence gaps in ${environment}</a>: the live pairs that are incompatible or have no evidence, with exports. <a href="${uiUrl.graph(environment)}">${environment} in the service graph</a>.</p>
<form class="env-filter" method="get" action="${base}" aria-label="Filter the services">
<label>Name contains <input type="search" name="q" value="${lq.q}"></label>
<label>Verdict <select name="verdict"><option value="">any (${n(rows.length)})</option>${VERDICTS.map((v) => html`<option value="${v}"${lq.verdict === v ? html` selected` : ''}>${v} (${n(counts[v])})</option>`)}</select></label>
<label>Sort <select name="sort">${SORTS.map((s) => html`<option value="${s}"${lq.sort === s ? html` selected` : ''}>${sortWords[s]}</option>`)}</select></label>
${ticked.map((t) => html`<input type="hidden" name="pacticipant" value="${t}">`)}
<button type="submit" class="secondary">Filter</button>
</form>
<form id="whatif" class="whatif" method="get" action="${base}" data-environment="${environment}" data-columns="8">
${lq.q ? html`<input type="hidden" name="q" value="${lq.q}">` : ''}${lq.verdict ? html`<input type="hidden" name="verdict" value="${lq.verdict}">` : ''}${lq.sort !== 'worst' ? html`<input type="hidden" name="sort" value="${lq.sort}">` : ''}${pageNo > 1 ? html`<input type="hidden" name="page" value="${pageNo}">` : ''}
${ticked.filter((t) => !onPageNames.has(t)).map((t) => html`<input type="hidden" name="pacticipant" value="${t}" data-ticked-elsewhere>`)}
<p class="muted" data-shown>${shown.length ? `Services ${n((pageNo - 1) * ENVIRONMENT_PAGE_SIZE + 1)}–${n((pageNo - 1) * ENVIRONMENT_PAGE_SIZE + onPage.length)} of ${n(shown.length)}` : 'No service matches.'}${shown.length < rows.length ? ` (${n(rows.length)} in ${environment})` : ''}, ${sortWords[lq.sort]}. Tick services: the answer opens beside them.</p>
${!set || lastTicked ? '' : whatifSection(set, environment)}
<table class="grid env-list">
<caption class="visually-hidden">Services in ${environment}: tick to ask what rolling them back does</caption>
<thead><tr><th scope="col">Roll back</th><th scope="col"><a href="${link({ sort: 'name', page: 1 })}">Service</a></th><th scope="col">Current</th><th scope="col">Prior</th><th scope="col"><a href="${link({ sort: 'worst', page: 1 })}">On its own</a></th><th scope="col"><a href="${link({ sort: 'requires', page: 1 })}">Must roll back with it</a></th><th scope="col"><a href="${link({ sort: 'conflicts', page: 1 })}">Cannot roll back with</a></th><th scope="col">Why</th></tr></thead>
<tbody>
${onPage.map((p, i) => html`${serviceRow(p, i, ticked.includes(p.name), groupOf.get(p.name), apiUrl)}${set && p.name === lastTicked ? html`<tr class="whatif-row"><td colspan="8">${whatifSection(set, environment)}</td></tr>` : ''}`)}
</tbody>
</table>
${pages > 1 ? html`<nav class="pager" aria-label="Pages of services"><span>Page ${pageNo} of ${pages}</span> ${pageNo > 1 ? html`<a href="${link({ page: pageNo - 1 })}" rel="prev">Previous</a>` : ''} ${pageNo < pages ? html`<a href="${link({ page: pageNo + 1 })}" rel="next">Next</a>` : ''}</nav>` : ''}
</form>
${broken.length ? alreadyBroken(broken, environment, apiUrl) : ''}
${any.apiWarnings.length ? apiRemoved(summaryOf(any).apiWarnings, environment, apiUrl) : ''}`;
  return page({
    title: `Environment ${environment}`,
    section: 'environment',
    body,
    environments: envs,
    currentEnvironment: environment,
  });
}

const verdictWords: Record<string, string> = {
  blocked: 'blocked: no safe rollback contains them',
  'needs-companions': 'must roll back with others',
  independent: 'can roll back on their own',
  'no-prior': 'have nothing to roll back to yet',
};
const sortWords: Record<Sort, string> = {
  worst: 'worst first',
  name: 'by name',
  requires: 'most companions first',
  conflicts: 'most conflicts first',
};

export function groupItem(g: Group): Html {
  const what = g.selfConflicting
    ? `must roll back together, and cannot roll back together: they form one blocked group`
    : g.blocked
      ? 'must roll back together, and rolling them back breaks pairs: they form one blocked group'
      : 'must roll back together (each needs another rolled back with it)';
  return html`<li id="${g.id}" class="env-group"><strong>${plural(g.members.length, 'service')} ${what}.</strong>
${g.causes.length ? html` First cause: ${g.causes[0].message ?? renderReason(g.causes[0])}${g.causes.length > 1 ? html` <span class="muted">(and ${plural(g.causes.length - 1, 'more cause')} in the rows below)</span>` : ''}` : ''}
<details><summary>The ${plural(g.members.length, 'service')} of this group</summary><p class="names">${g.members.join(', ')}</p></details></li>`;
}

/** A requires or conflicts cell: a count that opens on the names (its group's when it is the group). */
function namesCell(names: string[], group: Group | undefined, self: string, empty: string, what: string): Html {
  if (!names.length) return html`<span class="muted">${empty}</span>`;
  if (group && sameSet([...names, self].sort(), group.members))
    return html`<a href="#${group.id}" data-count="${names.length}">${n(names.length)}: its group</a>`;
  return html`<details data-count="${names.length}"><summary><span class="visually-hidden">${what} </span>${n(names.length)}</summary><p class="names">${names.slice(0, NAMES_SHOWN).join(', ')}${names.length > NAMES_SHOWN ? html` <span class="muted">and ${n(names.length - NAMES_SHOWN)} more</span>` : ''}</p></details>`;
}

function serviceRow(p: Row, i: number, checked: boolean, group: Group | undefined, apiUrl: string): Html {
  const own = p.reasons.filter((r) => r.id !== 'more-reasons' && reasonNames(r).includes(p.name));
  const shownReasons = own.slice(0, REASONS_SHOWN);
  // Every reason of its closure (the answer lists the first; `more-reasons` counts the rest), less those shown.
  const total = p.reasons.reduce((k, r) => k + (r.id === 'more-reasons' ? r.more : 1), 0);
  const rest = total - shownReasons.length;
  const restLink = rest
    ? html`<a class="muted" href="${apiUrl}&of=${encodeURIComponent(p.name)}">${plural(rest, 'more reason')}</a>`
    : '';
  const why = shownReasons.length
    ? html`<ul class="why">${shownReasons.map((r) => html`<li>${shortReason(r, p.name)}</li>`)}</ul>${restLink}`
    : group
      ? html`<a href="#${group.id}">${p.verdict === 'blocked' ? 'blocked with its group' : 'see its group'}</a>`
      : rest
        ? restLink
        : html`<span class="muted">—</span>`;
  return html`<tr data-name="${p.name}" data-verdict="${p.verdict}">
<td><input type="checkbox" id="rb-${i}" name="pacticipant" value="${p.name}"${checked ? html` checked` : ''}></td>
<th scope="row"><label for="rb-${i}">${p.name}</label> <a class="muted" href="${uiUrl.pacticipant(p.name)}" aria-label="${p.name} page">page</a></th>
<td><code>${p.current}</code>${p.instances ? html`<ul class="plain muted">${p.instances.map((x) => html`<li>${x.applicationInstance ?? 'default'}: ${x.current} → ${x.prior ?? 'none'}</li>`)}</ul>` : ''}</td>
<td>${p.prior === null ? html`<span class="muted">none</span>` : html`<code>${p.prior}</code>`}</td>
<td>${rollbackBadge(p.verdict)}</td>
<td>${namesCell(p.requires, group, p.name, 'nothing', 'must roll back with')}</td>
<td>${namesCell(p.conflictsWith, group, p.name, '—', 'cannot roll back with')}</td>
<td>${why}</td>
</tr>`;
}

function alreadyBroken(broken: RollbackWarning[], environment: string, apiUrl: string): Html {
  const byProvider = new Map<string, number>();
  for (const w of broken) byProvider.set(w.provider.name, (byProvider.get(w.provider.name) ?? 0) + 1);
  const top = [...byProvider.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10);
  return html`<section class="env-broken"><h2>Already broken in ${environment}</h2>
<p><span aria-hidden="true">⚠</span> ${plural(broken.length, 'live pair')} ${broken.length === 1 ? 'is' : 'are'} broken now, whatever rolls back, with ${plural(byProvider.size, 'provider')}. Most: ${top.map(([name, k], i) => html`${i ? ', ' : ''}${name} (${n(k)})`)}${byProvider.size > top.length ? ` and ${n(byProvider.size - top.length)} more` : ''}.</p>
<details><summary>The first ${n(Math.min(broken.length, WHATIF_SHOWN))} of them</summary><ul>${broken.slice(0, WHATIF_SHOWN).map((w) => html`<li>${renderWarning(w)}</li>`)}</ul>${broken.length > WHATIF_SHOWN ? html`<p class="muted">${n(broken.length - WHATIF_SHOWN)} more in <a href="${apiUrl}">the API's answer</a> (<code>warnings</code>).</p>` : ''}</details></section>`;
}

/** How many API warnings the page lists: the rest are in the API's answer. */
const API_WARNINGS_SHOWN = 3;

/**
 * What rolling back each provider removes from its API (issue 20), small: how many providers, the first few as
 * counts (the changes and who uses them are in the API's answer, and in each provider's what-if answer).
 */
function apiRemoved(ws: ApiWarningRef[], environment: string, apiUrl: string): Html {
  const pending = ws.filter((w) => w.status === 'pending').length;
  return html`<section class="env-api-removed"><h2>API a rollback removes in ${environment}</h2>
<p><span aria-hidden="true">⚠</span> Rolling back ${plural(ws.length, 'provider')} removes or breaks parts of ${ws.length === 1 ? 'its' : 'their'} API${pending ? ` (${n(pending)} not computed yet)` : ''}: clients without a pact may break. Tick a service for its changes and who uses them.</p>
<ul>${ws.slice(0, API_WARNINGS_SHOWN).map((w) => html`<li>${w.message}</li>`)}</ul>${ws.length > API_WARNINGS_SHOWN ? html`<p class="muted">${n(ws.length - API_WARNINGS_SHOWN)} more in <a href="${apiUrl}">the API's answer</a> (<code>apiWarnings</code>).</p>` : ''}</section>`;
}

/** The what-if answer's one line, the only part the live region holds (screen readers hear it, not the whole answer). */
function verdictLine(a: {
  summary: { rollbackable: boolean; compatible: number; incompatible: number; unknown: number };
  targets: { pacticipant: string }[];
}): string {
  const names = [...new Set(a.targets.map((t) => t.pacticipant))];
  const who = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${n(names.length - 3)} more` : names.join(', ');
  const s = a.summary;
  return `${s.rollbackable ? 'Safe' : 'Not safe'} to roll back ${who}: ${n(s.incompatible)} incompatible, ${n(s.unknown)} unknown of ${n(s.compatible + s.incompatible + s.unknown)} pairs.`;
}

/** The what-if answer rendered on the server (the form without JavaScript); ui.js renders the same from the JSON. */
function whatifSection(a: RollbackSetAnswerWithApi & { more?: LeftOut }, environment: string): Html {
  return html`<section id="whatif-result" class="whatif-result" aria-label="What-if answer" data-state="${a.summary.rollbackable ? 'safe' : 'unsafe'}">${setAnswer(a, environment)}</section>`;
}

function setAnswer(a: RollbackSetAnswerWithApi & { more?: LeftOut }, environment: string): Html {
  const names = new Set(a.targets.map((t) => t.pacticipant));
  const broken = a.pairs.filter((p) => p.verdict !== 'compatible');
  const full = `/can-i-rollback?environment=${encodeURIComponent(environment)}${[...names].map((t) => `&pacticipant=${encodeURIComponent(t)}`).join('')}&detail=full`;
  const reasons = (a.reasons as Reason[]).slice(1);
  const moreReasons = (a.more?.reasons ?? 0) + Math.max(0, reasons.length - WHATIF_SHOWN);
  const warnings = a.warnings;
  const moreWarnings = (a.more?.warnings ?? 0) + Math.max(0, warnings.length - WHATIF_SHOWN);
  return html`
<h2>${a.summary.rollbackable ? html`<span class="v-ok"><span aria-hidden="true">✓</span> Safe to roll back</span>` : html`<span class="v-bad"><span aria-hidden="true">✗</span> Not safe to roll back</span>`}</h2>
<p data-reason>${cut(a.summary.reason)}</p>
<p>${a.summary.compatible} compatible, ${a.summary.incompatible} incompatible, ${a.summary.unknown} unknown pair(s).</p>
<h3>Targets</h3>
<ul>${a.targets.map((t) => html`<li>${t.pacticipant}${t.applicationInstance ? ` (${t.applicationInstance})` : ''}: <code>${t.from}</code> → ${t.to === null ? html`<strong>nothing to roll back to</strong>` : html`<code>${t.to}</code>`}</li>`)}</ul>
${broken.length ? html`<h3>Broken pairs</h3>${pairGroups(broken, names)}${a.more?.pairs ? html`<p class="muted" data-more="pairs">${n(a.more.pairs)} more pairs: <a href="${full}">the full answer</a></p>` : ''}` : ''}
<h3>Smallest safe set</h3>
<p data-minimal>${a.minimalSafeSet === null ? 'none: no safe rollback contains these services' : a.minimalSafeSet.length > NAMES_SHOWN ? `${n(a.minimalSafeSet.length)} services: ${a.minimalSafeSet.slice(0, NAMES_SHOWN).join(', ')} and ${n(a.minimalSafeSet.length - NAMES_SHOWN)} more` : a.minimalSafeSet.join(', ')}</p>
${a.plan.length ? html`<h3>Plan</h3><ol class="plan">${a.plan.map((s) => html`<li>Step ${s.step}: ${s.pacticipants.slice(0, NAMES_SHOWN).map((p, i) => html`${i ? ', ' : ''}${p.name}${p.applicationInstance ? ` (${p.applicationInstance})` : ''} <code>${p.from}</code> → <code>${p.to}</code>`)}${s.pacticipants.length > NAMES_SHOWN ? ` and ${n(s.pacticipants.length - NAMES_SHOWN)} more` : ''}</li>`)}</ol>` : ''}
${reasons.length ? html`<h3>Why</h3><ul class="why">${reasons.slice(0, WHATIF_SHOWN).map((r) => html`<li>${r.message ?? renderReason(r)}</li>`)}</ul>${moreReasons ? html`<p class="muted" data-more="reasons">${n(moreReasons)} more reasons: <a href="${full}">the full answer</a></p>` : ''}` : ''}
${warnings.length ? html`<h3>Warnings</h3><ul>${warnings.slice(0, WHATIF_SHOWN).map((w) => html`<li>${(w as { message?: string }).message ?? (w.id === 'pre-existing-break' ? renderWarning(w) : w.id)}</li>`)}</ul>${moreWarnings ? html`<p class="muted" data-more="warnings">${n(moreWarnings)} more warnings: <a href="${full}">the full answer</a></p>` : ''}` : ''}`;
}

/** A reason naming hundreds of services, cut to its start (the whole one is in the full answer), as ui.js does. */
const LONG = 400;
const cut = (s: string) => (s.length > LONG ? `${s.slice(0, LONG - 40).replace(/[ ,]+[^ ]*$/, '')} …` : s);

/** Broken pairs grouped by the other service (the end that is not rolled back, else the provider) and the evidence. */
function pairGroups(pairs: PairReport[], targets: Set<string>): Html {
  const groups = new Map<string, { other: string; evidence: string; pairs: PairReport[] }>();
  for (const p of pairs) {
    const other =
      targets.has(p.consumer.name) && !targets.has(p.provider.name)
        ? p.provider.name
        : p.consumer.name === p.provider.name || !targets.has(p.consumer.name)
          ? p.consumer.name
          : p.provider.name;
    const evidence = p.evidence === 'none' ? 'no evidence' : p.evidence;
    const k = `${other}\n${evidence}`;
    const g = groups.get(k);
    if (g) g.pairs.push(p);
    else groups.set(k, { other, evidence, pairs: [p] });
  }
  return html`${[...groups.values()].map((g) => html`<h4 class="pair-group">${g.other}: ${g.evidence} (${plural(g.pairs.length, 'pair')})</h4><ul class="pairs">${g.pairs.map(pairItem)}</ul>`)}`;
}

function pairItem(p: PairReport): Html {
  return html`<li>${verdictBadge(p.verdict, p.evidence)} ${p.consumer.name} <code>${p.consumer.version}</code> → ${p.provider.name} <code>${p.provider.version}</code>
  ${p.verificationRequestedAt ? html`<span class="muted">(verification requested at ${p.verificationRequestedAt})</span>` : ''}
  <ul>${p.reasons.map((r) => html`<li>${typeof r.message === 'string' ? r.message : r.id}${r.failures ? failuresHtml(r.failures as VerificationFailures, typeof r.verificationResult === 'string' ? r.verificationResult : undefined) : ''}</li>`)}</ul></li>`;
}
