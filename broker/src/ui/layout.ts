import { html, type Html, type Renderable, uiUrl } from './html.ts';

export type Section = 'overview' | 'graph' | 'environment' | 'matrix' | 'pacticipant' | 'pact';

export interface PageOptions {
  title: string;
  section: Section;
  body: Renderable;
  /** Environments for the navigation (names). */
  environments?: string[];
  scripts?: boolean;
  /** The environment whose page this is (marks its navigation link as current). */
  currentEnvironment?: string;
}

/** The page shell: a skip link, the navigation, the main landmark. CSS and JS are served from /ui/assets. */
export function page(o: PageOptions): Html {
  const cur = (s: Section) => (o.section === s ? html` aria-current="page"` : '');
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · rollgate</title>
<link rel="stylesheet" href="/ui/assets/ui.css">
${o.scripts === false ? '' : html`<script src="/ui/assets/ui.js" defer></script>`}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="${uiUrl.overview()}">rollgate</a>
  <nav aria-label="Main">
    <a href="${uiUrl.overview()}"${cur('overview')}>Overview</a>
    <a href="${uiUrl.graph()}"${cur('graph')}>Service graph</a>
    ${(o.environments ?? []).map((e) => html`<a href="${uiUrl.environment(e)}"${o.currentEnvironment === e ? html` aria-current="page"` : ''}>Environment: ${e}</a>`)}
  </nav>
</header>
<main id="main" tabindex="-1">
<h1>${o.title}</h1>
${o.body}
</main>
<footer class="foot">Pages for people; the same URLs give HAL JSON to tools (<code>Accept: application/hal+json</code>).</footer>
</body>
</html>
`;
}

export type CellVerdict = 'compatible' | 'incompatible' | 'unknown';
export type CellEvidence = 'verification' | 'subsumption' | 'openapi' | 'declared' | 'none';

/** A verdict as a symbol and words (never colour alone); the class adds the colour. */
export function verdictLabel(
  verdict: CellVerdict,
  evidence: CellEvidence,
): { cls: string; symbol: string; text: string } {
  if (verdict === 'incompatible')
    return {
      cls: 'v-bad',
      symbol: '✗',
      text:
        evidence === 'openapi'
          ? 'incompatible (OpenAPI)'
          : evidence === 'declared'
            ? 'incompatible (declared requirement)'
            : 'incompatible (verification failed)',
    };
  if (verdict === 'unknown') return { cls: 'v-unk', symbol: '?', text: 'unknown' };
  if (evidence === 'subsumption') return { cls: 'v-sub', symbol: '⊇', text: 'compatible by subsumption' };
  if (evidence === 'openapi') return { cls: 'v-oas', symbol: '◇', text: 'compatible by OpenAPI' };
  if (evidence === 'declared') return { cls: 'v-oas', symbol: '⊢', text: 'compatible as declared' };
  return { cls: 'v-ok', symbol: '✓', text: 'verified' };
}

export function verdictBadge(verdict: CellVerdict, evidence: CellEvidence): Html {
  const l = verdictLabel(verdict, evidence);
  return html`<span class="badge ${l.cls}"><span aria-hidden="true">${l.symbol}</span> ${l.text}</span>`;
}

/** A verdict of the rollback analysis as symbol and words. */
export function rollbackBadge(verdict: string): Html {
  const m: Record<string, [string, string]> = {
    independent: ['v-ok', '✓'],
    'needs-companions': ['v-unk', '⇄'],
    blocked: ['v-bad', '✗'],
    'no-prior': ['v-none', '∅'],
  };
  const [cls, sym] = m[verdict] ?? ['v-none', '·'];
  const badge = html`<span class="badge ${cls}"><span aria-hidden="true">${sym}</span> ${verdict}</span>`;
  // Not a problem: a service on the first version deployed here has nothing to roll back to yet.
  return verdict === 'no-prior' ? html`${badge} <span class="muted">nothing to roll back to yet</span>` : badge;
}

export function legend(): Html {
  const items: [CellVerdict, CellEvidence][] = [
    ['compatible', 'verification'],
    ['compatible', 'subsumption'],
    ['compatible', 'openapi'],
    ['incompatible', 'verification'],
    ['unknown', 'none'],
  ];
  return html`<p class="legend">Legend: ${items.map(([v, e]) => verdictBadge(v, e))} <span class="badge v-none"><span aria-hidden="true">—</span> no pact (no dependency)</span></p>`;
}
