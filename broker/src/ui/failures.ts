/**
 * What failed in a failed verification, on a page: per failed interaction its mismatches (as the Verifier published
 * them, at most 10 each with a count of the rest), then a link to the whole result. Shared by the matrix cell and the
 * environment what-if (ui.js renders the same from the API's answer).
 */
import type { VerificationFailures } from '../gate/verification/failures.ts';
import { html, type Html } from './html.ts';

export function failuresHtml(f: VerificationFailures, resultHref: string | undefined): Html {
  return html`<div class="failures"><ul>${f.interactions.map(
    (
      i,
    ) => html`<li><strong>${i.description}</strong>${i.providerState ? html` <span class="muted">given ${i.providerState}</span>` : ''}
<ul>${i.mismatches.map((m) => html`<li>${m.attribute || m.path ? html`<code>${[m.attribute, m.path].filter(Boolean).join(' ')}</code> ` : ''}${m.message}</li>`)}${i.more ? html`<li class="muted">and ${i.more} more</li>` : ''}</ul></li>`,
  )}${f.moreInteractions ? html`<li class="muted">and ${f.moreInteractions} more failed interaction(s)</li>` : ''}</ul>
${resultHref ? html`<a href="${resultHref}">the whole verification result</a>` : ''}</div>`;
}
