/**
 * The expression language the recipes use, evaluated the way their platforms do for the forms they use: GitHub
 * Actions' `${{ ... }}` and job `if:`, Argo Rollouts' `successCondition`: property paths (`github.event.x`,
 * `result.summary.rollbackable`), 'string' literals, true/false/null, numbers, `==`, `!=`, `&&`, `||`, `!` and
 * parentheses. Anything else is an error, so a recipe that starts using more fails its test instead of passing
 * by accident.
 */
type Token = { kind: 'op' | 'path' | 'literal'; text: string; value?: unknown };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const op = /^(==|!=|&&|\|\||!|\(|\))/.exec(rest);
    const str = /^'((?:[^']|'')*)'/.exec(rest);
    const num = /^-?\d+(\.\d+)?/.exec(rest);
    const path = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*/.exec(rest);
    if (op) tokens.push({ kind: 'op', text: op[0] });
    else if (str) tokens.push({ kind: 'literal', text: str[0], value: str[1]!.replace(/''/g, "'") });
    else if (num) tokens.push({ kind: 'literal', text: num[0], value: Number(num[0]) });
    else if (path) {
      const word = path[0];
      if (word === 'true' || word === 'false' || word === 'null')
        tokens.push({ kind: 'literal', text: word, value: word === 'null' ? null : word === 'true' });
      else tokens.push({ kind: 'path', text: word });
    } else throw new Error(`unsupported expression syntax at "${rest}" in: ${src}`);
    i += (op ?? str ?? num ?? path)![0].length;
  }
  return tokens;
}

const lookup = (context: Record<string, unknown>, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      context,
    );

/** Evaluates one expression against `context` (GitHub: loose equality of strings; missing values are undefined). */
export function evaluate(src: string, context: Record<string, unknown>): unknown {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (text?: string) => {
    const t = tokens[pos++];
    if (!t || (text !== undefined && t.text !== text)) throw new Error(`expected ${text ?? 'a value'} in: ${src}`);
    return t;
  };
  const primary = (): unknown => {
    const t = take();
    if (t.kind === 'literal') return t.value;
    if (t.kind === 'path') return lookup(context, t.text);
    if (t.text === '!') return !primary();
    if (t.text === '(') {
      const v = or();
      take(')');
      return v;
    }
    throw new Error(`unexpected ${t.text} in: ${src}`);
  };
  const equality = (): unknown => {
    let left = primary();
    while (peek()?.text === '==' || peek()?.text === '!=') {
      const op = take().text;
      const right = primary();
      left = op === '==' ? left === right : left !== right;
    }
    return left;
  };
  const and = (): unknown => {
    let left = equality();
    while (peek()?.text === '&&') {
      take();
      const right = equality();
      left = left ? right : left;
    }
    return left;
  };
  const or = (): unknown => {
    let left = and();
    while (peek()?.text === '||') {
      take();
      const right = and();
      left = left ? left : right;
    }
    return left;
  };
  const value = or();
  if (pos !== tokens.length) throw new Error(`unexpected ${tokens[pos]!.text} in: ${src}`);
  return value;
}

/** Replaces every `${{ expr }}` in a GitHub Actions string (a missing value becomes '', as on GitHub). */
export function interpolateGithub(text: string, context: Record<string, unknown>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    const v = evaluate(expr, context);
    return v === undefined || v === null ? '' : String(v);
  });
}
