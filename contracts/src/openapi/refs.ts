/**
 * Finds every `$ref` that points outside the document. rollgate stores and compares one document
 * as uploaded: an external ref would make the verdict depend on a file or URL that can change (or
 * that an uploader uses to make the broker read /etc/passwd or call an internal host), so such refs
 * are refused before any resolver sees the document.
 */
import type { Problem } from '../errors.ts';
import { pathSegment } from './json-path.ts';
import { loadMessage } from './messages.ts';

const isInternal = (ref: string) => ref.startsWith('#');

/** Problems for each external `$ref`, with the JSON path of the `$ref` key. Iterative: documents can nest deeply. */
export function externalRefProblems(document: unknown): Problem[] {
  const problems: Problem[] = [];
  const stack: Array<{ value: unknown; path: string }> = [{ value: document, path: '$' }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: path + pathSegment(i) });
      continue;
    }
    // Children are pushed last-first so that problems come out in document order.
    for (const [k, v] of Object.entries(value).reverse()) {
      if (k === '$ref' && typeof v === 'string' && !isInternal(v)) {
        problems.push({ path: path + pathSegment(k), message: loadMessage('document.external-ref', { ref: v }) });
      } else stack.push({ value: v, path: path + pathSegment(k) });
    }
  }
  return problems;
}
