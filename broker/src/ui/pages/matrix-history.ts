import type { Request } from 'express';
import { matrixRead } from '../../domain/reads.ts';
import type { MatrixRow } from '../../gate/matrix/types.ts';
import type { Deps } from '../../deps.ts';
import { routes } from '../../links/paths.ts';
import { html, type Html, uiUrl } from '../html.ts';
import { legend, page, verdictLabel } from '../layout.ts';

const PAGE_SIZE = 50;

/**
 * Every verification result of one integration, newest first (the matrix API without latestby): a result that a later
 * one by the same provider version replaced is marked superseded and still shown. Paged; the matrix page shows the
 * latest result per pair and links here.
 */
export async function matrixHistoryPage(deps: Deps, req: Request): Promise<Html> {
  const provider = String(req.params.provider);
  const consumer = String(req.params.consumer);
  const asked = Number(typeof req.query.page === 'string' ? req.query.page : '1');
  const number = Number.isInteger(asked) && asked >= 1 && asked <= 1_000_000 ? asked : 1;
  const a = await deps.store.readNamed(matrixRead, {
    selectors: [{ pacticipant: consumer }, { pacticipant: provider }],
    ignore: [],
    destination: { kind: 'none' },
    page: { offset: (number - 1) * PAGE_SIZE, size: PAGE_SIZE },
  });
  const total = a.listable;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const at = (n: number) => `${uiUrl.matrixHistory(provider, consumer)}?page=${n}`;
  const body = html`
<p><a href="${uiUrl.matrix(provider, consumer)}">Back to the matrix</a> (the latest result per pair). ${total} results of ${consumer} → ${provider}, newest first; page ${number} of ${pages}.</p>
${legend()}
${
  a.listed.length
    ? html`<table class="history">
<caption class="sr-only">Verification results of ${consumer} with ${provider}</caption>
<thead><tr><th scope="col">${consumer}</th><th scope="col">${provider}</th><th scope="col">Result</th><th scope="col">Verified at</th></tr></thead>
<tbody>
${a.listed.map((r) => row(r))}
</tbody></table>`
    : html`<p class="muted">No results yet.</p>`
}
<nav aria-label="Pages">${number > 1 ? html`<a href="${at(number - 1)}" rel="prev">Newer</a> ` : ''}${number < pages ? html`<a href="${at(number + 1)}" rel="next">Older</a>` : ''}</nav>`;
  return page({ title: `History: ${consumer} → ${provider}`, section: 'matrix', body });
}

function row(r: MatrixRow): Html {
  const l = verdictLabel(r.verdict, r.evidence as Parameters<typeof verdictLabel>[1]);
  const v = r.verification;
  return html`<tr data-verdict="${r.verdict}"${r.superseded ? html` data-superseded="true"` : ''}><td><a href="${uiUrl.pact(r.provider, r.consumer, r.consumerVersion.number)}"><code>${r.consumerVersion.number}</code></a></td>
<td>${r.providerVersion ? html`<code>${r.providerVersion.number}</code>` : html`<span class="muted">none</span>`}</td>
<td class="${l.cls}"><span aria-hidden="true">${l.symbol}</span> ${l.text}${r.superseded ? html` <span class="muted">(superseded by a later result)</span>` : ''}${v ? html` <a href="${routes.verification(r.provider, r.consumer, r.publication.sha, v.id)}">result</a>` : ''}</td>
<td>${v ? html`<time datetime="${v.verifiedAt}">${v.verifiedAt}</time>` : ''}</td></tr>`;
}
