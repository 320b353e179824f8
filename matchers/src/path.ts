/**
 * Matching-rule selectors (`$.a[*].b`, `$['x']`, `$.a.*`) and the Pact path weighting.
 *
 * A selector applies to a value when its tokens match a prefix of the value's path: a rule on
 * `$.animals` also governs `$.animals[0].name` ("cascading"), which is how v2 `like(...)` works.
 * Among the selectors that apply, the heaviest wins: each token weighs 2 when it names the segment
 * exactly (root, field, index) and 1 for a wildcard, multiplied along the path; ties go to the
 * longer selector. So the most specific selector wins, as the specification requires.
 */
export type Token =
  | { kind: 'root' }
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'star' }
  | { kind: 'star-index' };

const cache = new Map<string, Token[] | null>();

/** Tokens of a selector, or null when it cannot be parsed (such a rule then applies nowhere). */
export function parseSelector(selector: string): Token[] | null {
  const hit = cache.get(selector);
  if (hit !== undefined) return hit;
  const tokens = parse(selector.trim());
  cache.set(selector, tokens);
  return tokens;
}

function parse(s: string): Token[] | null {
  if (!s.startsWith('$')) s = s.startsWith('[') ? `$${s}` : `$.${s}`;
  const tokens: Token[] = [{ kind: 'root' }];
  let i = 1;
  while (i < s.length) {
    if (s[i] === '.') {
      let j = i + 1;
      while (j < s.length && s[j] !== '.' && s[j] !== '[') j++;
      const name = s.slice(i + 1, j);
      if (!name) return null;
      tokens.push(name === '*' ? { kind: 'star' } : { kind: 'field', name });
      i = j;
    } else if (s[i] === '[') {
      const end = s.indexOf(']', i);
      if (end < 0) return null;
      const inner = s.slice(i + 1, end).trim();
      if (inner === '*') tokens.push({ kind: 'star-index' });
      else if (/^\d+$/.test(inner)) tokens.push({ kind: 'index', index: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) {
        const name = inner.slice(1, -1);
        tokens.push(name === '*' ? { kind: 'star' } : { kind: 'field', name });
      } else return null;
      i = end + 1;
    } else return null;
  }
  return tokens;
}

function tokenWeight(token: Token, segment: string): number {
  switch (token.kind) {
    case 'root':
      return segment === '$' ? 2 : 0;
    case 'field':
      return token.name === segment ? 2 : 0;
    case 'index':
      return segment === String(token.index) ? 2 : 0;
    case 'star-index':
      return /^\d+$/.test(segment) ? 1 : 0;
    case 'star':
      return 1;
  }
}

/** The weight of a selector for a path (0: does not apply). */
export function pathWeight(tokens: readonly Token[], path: readonly string[]): number {
  if (tokens.length > path.length) return 0;
  let weight = 1;
  for (let i = 0; i < tokens.length; i++) {
    weight *= tokenWeight(tokens[i], path[i]);
    if (weight === 0) return 0;
  }
  return weight;
}
