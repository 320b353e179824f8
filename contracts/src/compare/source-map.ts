/**
 * Finds where a JSON path (json-path.ts format) is in the original text of a JSON or YAML file, so
 * a report can say "openapi.yaml:41:9" and not only "$.paths["/pets"].get". JSON is read as YAML
 * (JSON is YAML 1.2), so one parser gives positions for both.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { parsePath, type Segment } from '../openapi/json-path.ts';

export interface Position {
  line: number;
  column: number;
}

export class SourceMap {
  readonly #lines = new LineCounter();
  readonly #root: Node | null;

  constructor(text: string) {
    const doc = parseDocument(text, { lineCounter: this.#lines, keepSourceTokens: false, uniqueKeys: false });
    this.#root = doc.errors.length ? null : (doc.contents as Node | null);
  }

  /** Position of the deepest node the path reaches (the key, for a map entry); undefined if none. */
  positionOf(path: string | undefined): Position | undefined {
    const segments = path ? parsePath(path) : undefined;
    if (!segments || !this.#root) return undefined;
    let node: Node | null = this.#root;
    let offset = node.range?.[0];
    for (const segment of segments) {
      const next = child(node, segment);
      if (!next) break;
      ({ node, offset } = next);
      if (!node) break;
    }
    if (offset === undefined) return undefined;
    const { line, col } = this.#lines.linePos(offset);
    return { line, column: col };
  }
}

function child(node: Node | null, segment: Segment): { node: Node | null; offset: number | undefined } | undefined {
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment] as Node | undefined;
    return item ? { node: item, offset: item.range?.[0] } : undefined;
  }
  if (isMap(node)) {
    const want = String(segment).toLowerCase();
    // Exact key first; header names are matched without case as the engine lower-cases them.
    const pair =
      node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment)) ??
      node.items.find((p) => isScalar(p.key) && String(p.key.value).toLowerCase() === want);
    if (!pair) return undefined;
    const key = pair.key as Node;
    return { node: (pair.value as Node | null) ?? null, offset: key.range?.[0] };
  }
  return undefined;
}
