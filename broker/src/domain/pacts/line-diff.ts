const sortKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sortKeys)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
        )
      : v;

/** Pretty, key-sorted JSON lines of a pact's content (so key order never shows up as a change). */
export const pactLines = (content: string) => JSON.stringify(sortKeys(JSON.parse(content)), null, 2).split('\n');

/** A line diff ("  " same, "- " removed, "+ " added) with 3 lines of context; LCS, or a trim-only diff when huge. */
export function lineDiff(a: string[], b: string[]): string {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  const ops: [string, string][] = a.slice(0, pre).map((l) => [' ', l]);
  if (A.length * B.length <= 4_000_000) {
    const w = B.length + 1;
    const dp = new Uint32Array((A.length + 1) * w);
    for (let i = A.length - 1; i >= 0; i--)
      for (let j = B.length - 1; j >= 0; j--) {
        dp[i * w + j] = A[i] === B[j] ? dp[(i + 1) * w + j + 1] + 1 : Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1]);
      }
    let i = 0;
    let j = 0;
    while (i < A.length || j < B.length) {
      if (i < A.length && j < B.length && A[i] === B[j]) {
        ops.push([' ', A[i]]);
        i++;
        j++;
      } else if (j < B.length && (i === A.length || dp[i * w + j + 1] >= dp[(i + 1) * w + j])) {
        ops.push(['+', B[j]]);
        j++;
      } else {
        ops.push(['-', A[i]]);
        i++;
      }
    }
  } else {
    for (const l of A) ops.push(['-', l]);
    for (const l of B) ops.push(['+', l]);
  }
  for (const l of a.slice(a.length - suf)) ops.push([' ', l]);
  const keep = ops.map((_, k) => ops.slice(Math.max(0, k - 3), k + 4).some(([t]) => t !== ' '));
  const out: string[] = [];
  let skipped = false;
  ops.forEach(([t, l], k) => {
    if (keep[k]) {
      if (skipped) out.push('...');
      skipped = false;
      out.push(`${t === ' ' ? ' ' : t} ${l}`);
    } else skipped = true;
  });
  return out.length ? `${out.join('\n')}\n` : 'No differences\n';
}
