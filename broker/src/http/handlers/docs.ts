import type { Request, Response } from 'express';
import { RELATION_DOCS, type RelationDoc } from '../docs/relations.ts';
import { html } from '../../ui/html.ts';
import { message } from '../../messages.ts';

/** `rel` as a curie gives it (`publish-pact`), or with its prefix (`pb:publish-pact`), which some clients send. */
const docOf = (rel: string): RelationDoc | undefined => {
  const name = rel.includes(':') ? rel.slice(rel.indexOf(':') + 1) : rel;
  return Object.hasOwn(RELATION_DOCS, name) ? RELATION_DOCS[name] : undefined;
};

function markdown(rel: string, d: RelationDoc): string {
  return [
    `# ${message('doc.title', { title: d.title, rel })}`,
    message('doc.methods', { methods: d.methods.map((m) => `\`${m}\``).join(', ') }),
    message('doc.path', { path: `\`${d.path}\`` }),
    ...d.body,
    message('doc.see-also'),
  ].join('\n\n');
}

/** Inline code spans of the markdown as <code>, everything else as escaped text. */
const inline = (text: string) =>
  text.split(/(`[^`]*`)/).map((part) => (part.startsWith('`') ? html`<code>${part.slice(1, -1)}</code>` : part));

function page(rel: string, d: RelationDoc): string {
  const paragraphs = [
    message('doc.methods', { methods: d.methods.map((m) => `\`${m}\``).join(', ') }),
    message('doc.path', { path: `\`${d.path}\`` }),
    ...d.body,
    message('doc.see-also'),
  ];
  const title = message('doc.title', { title: d.title, rel });
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1>
${paragraphs.map((p) => html`<p>${inline(p)}</p>\n`)}</body></html>`.toString();
}

/**
 * `GET /doc/{rel}`: the page a HAL curie points to, one per relation (`?context=` is accepted and changes nothing).
 * HTML by default, as the Pact Broker renders its markdown; `Accept: text/markdown` gets the markdown itself.
 */
export const getRelationDoc = () => (req: Request, res: Response) => {
  const rel = String(req.params.rel);
  const d = docOf(rel);
  const wantsMarkdown = req.accepts(['text/html', 'text/markdown']) === 'text/markdown';
  if (!d) {
    const text = message('doc.not-found', { rel });
    res.status(404);
    if (wantsMarkdown) res.type('text/markdown; charset=utf-8').send(`${text}\n`);
    else res.type('html').send(html`<!doctype html><html lang="en"><body><p>${text}</p></body></html>`.toString());
    return;
  }
  if (wantsMarkdown) res.type('text/markdown; charset=utf-8').send(`${markdown(rel, d)}\n`);
  else res.type('html').send(page(rel, d));
};
