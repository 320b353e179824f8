import { createHash } from 'node:crypto';
import dagre from '@dagrejs/dagre';

export interface LaidOutNode {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  rank: number;
}

export interface Layout {
  nodes: Map<string, LaidOutNode>;
  width: number;
  height: number;
  ranks: number;
  /** The x range of each column (rank), for bundling the integrations that leave it. */
  columns: Map<number, { left: number; right: number }>;
}

const NODE_HEIGHT = 26;
const nodeWidth = (name: string) => Math.min(260, 24 + [...name].length * 7.2);
/** Rows per sub-column in the layered layout: a taller column wraps into several sub-columns. */
export const MAX_ROWS = 18;
const ROW = NODE_HEIGHT + 12;
const SUB_GAP = 18;
const RANK_GAP = 120;
const MARGIN = 12;
/** Dagre only for small graphs with few columns; it is the nicer drawing there. */
const DAGRE_NODES = 60;
const DAGRE_RANKS = 12;

/**
 * Consumers left, providers right: each service's column is the length of the longest chain of consumers
 * above it (cycles of services that consume each other share a column). Dagre then orders and places the
 * nodes within columns; it is given these ranks ("ranker: none") and only one short edge per service (from a
 * consumer in the previous column), which keeps its crossing minimisation linear-ish: a random graph of 200
 * services and 1,000 integrations with every edge takes dagre over a minute, this takes tens of milliseconds.
 * Every integration is still drawn (graph page), as a curve between the two boxes.
 */
export function layoutGraph(
  names: string[],
  edges: { consumer: string; provider: string }[],
  ranks?: ReadonlyMap<string, number>,
): Layout {
  const key = createHash('sha1')
    .update(JSON.stringify([names, edges.map((e) => [e.consumer, e.provider]), ranks ? [...ranks] : null]))
    .digest('hex');
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const layout = compute(names, edges, ranks);
  cache.set(key, layout);
  if (cache.size > 16) cache.delete(cache.keys().next().value!);
  return layout;
}

const cache = new Map<string, Layout>();

function compute(
  names: string[],
  edges: { consumer: string; provider: string }[],
  fixed?: ReadonlyMap<string, number>,
): Layout {
  const index = new Map(names.map((n, i) => [n, i]));
  const out: number[][] = names.map(() => []);
  for (const e of edges) {
    const c = index.get(e.consumer);
    const p = index.get(e.provider);
    if (c !== undefined && p !== undefined && c !== p) out[c]!.push(p);
  }
  if (fixed) {
    const min = Math.min(0, ...names.map((n) => fixed.get(n) ?? 0));
    return layered(
      names,
      out,
      names.map((n) => (fixed.get(n) ?? 0) - min),
    );
  }
  const rank = longestPathRanks(out);
  if (names.length > DAGRE_NODES || Math.max(0, ...rank) + 1 > DAGRE_RANKS) return layered(names, out, depthRanks(out));
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', ranker: 'network-simplex', nodesep: 10, ranksep: 90, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const [v, n] of names.entries())
    g.setNode(String(v), { width: nodeWidth(n), height: NODE_HEIGHT, rank: rank[v] });
  const parentOf = new Map<number, number>();
  out.forEach((targets, c) => {
    for (const p of targets) if (rank[p] === rank[c]! + 1 && !parentOf.has(p)) parentOf.set(p, c);
  });
  for (const [p, c] of parentOf) g.setEdge(String(c), String(p));
  dagre.layout(g);
  const nodes = new Map<string, LaidOutNode>();
  names.forEach((n, v) => {
    const l = g.node(String(v)) as { x: number; y: number; width: number; height: number };
    nodes.set(n, { name: n, x: l.x, y: l.y, width: l.width, height: l.height, rank: rank[v]! });
  });
  const gg = g.graph() as { width?: number; height?: number };
  const columns = new Map<number, { left: number; right: number }>();
  for (const l of nodes.values()) {
    const c = columns.get(l.rank);
    const left = l.x - l.width / 2;
    const right = l.x + l.width / 2;
    columns.set(l.rank, c ? { left: Math.min(c.left, left), right: Math.max(c.right, right) } : { left, right });
  }
  return {
    nodes,
    width: Math.ceil(gg.width ?? 0),
    height: Math.ceil(gg.height ?? 0),
    ranks: Math.max(0, ...rank) + 1,
    columns,
  };
}

/**
 * Columns by rank, consumers left; a column of more than MAX_ROWS services wraps into sub-columns (row by row,
 * so the order within the column still reads top to bottom). The order within a column follows the average
 * position of each service's neighbours in the previous column (a down and an up sweep), which keeps most
 * integrations short. Every box has its own slot: no two boxes, so no two labels, overlap. Linear-ish in
 * services + integrations.
 */
function layered(names: string[], out: number[][], rank: number[]): Layout {
  const n = names.length;
  const ins: number[][] = names.map(() => []);
  out.forEach((ts, c) => {
    for (const p of ts) ins[p]!.push(c);
  });
  const ranks = Math.max(0, ...rank) + 1;
  const cols: number[][] = Array.from({ length: ranks }, () => []);
  for (let v = 0; v < n; v++) cols[rank[v]!]!.push(v);
  for (const col of cols) col.sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  const pos = new Float64Array(n);
  const place = (col: number[]) => {
    for (const [i, v] of col.entries()) pos[v] = i / Math.max(1, col.length - 1);
  };
  for (const col of cols) place(col);
  const sweep = (k: number, neighbours: number[][], from: number) => {
    const col = cols[k]!;
    const key = new Map<number, number>();
    for (const v of col) {
      const ns = neighbours[v]!.filter((w) => rank[w] === from);
      key.set(v, ns.length ? ns.reduce((s, w) => s + pos[w]!, 0) / ns.length : pos[v]!);
    }
    col.sort((a, b) => key.get(a)! - key.get(b)! || a - b);
    place(col);
  };
  for (let k = 1; k < ranks; k++) sweep(k, ins, k - 1);
  for (let k = ranks - 2; k >= 0; k--) sweep(k, out, k + 1);
  const rowsOf = cols.map((col) => Math.min(MAX_ROWS, col.length));
  const height = Math.max(1, ...rowsOf) * ROW + 2 * MARGIN;
  const nodes = new Map<string, LaidOutNode>();
  const columns = new Map<number, { left: number; right: number }>();
  let x = MARGIN;
  cols.forEach((col, k) => {
    if (!col.length) return;
    const subs = Math.ceil(col.length / MAX_ROWS);
    const rows = Math.ceil(col.length / subs);
    const w = Math.max(...col.map((v) => nodeWidth(names[v]!)));
    const top = MARGIN + (height - 2 * MARGIN - rows * ROW) / 2;
    col.forEach((v, i) => {
      const sub = i % subs;
      const row = Math.floor(i / subs);
      nodes.set(names[v]!, {
        name: names[v]!,
        x: x + sub * (w + SUB_GAP) + w / 2,
        y: top + row * ROW + ROW / 2,
        width: w,
        height: NODE_HEIGHT,
        rank: k,
      });
    });
    const right = x + subs * w + (subs - 1) * SUB_GAP;
    columns.set(k, { left: x, right });
    x = right + RANK_GAP;
  });
  return { nodes, width: Math.ceil(x - RANK_GAP + MARGIN), height: Math.ceil(height), ranks, columns };
}

/**
 * Columns for a large graph: the fewest hops from a service nobody consumes (breadth first), not the longest
 * chain, which in an organisation of hundreds of services runs to hundreds of columns. Services only reached
 * through a cycle start a new search from the one of them with the fewest consumers.
 */
function depthRanks(out: number[][]): number[] {
  const n = out.length;
  const indeg = new Array<number>(n).fill(0);
  for (const ts of out) for (const w of ts) indeg[w]!++;
  const rank = new Array<number>(n).fill(-1);
  const bfs = (starts: number[]) => {
    let frontier = starts;
    for (const s of starts) rank[s] = 0;
    while (frontier.length) {
      const next: number[] = [];
      for (const v of frontier)
        for (const w of out[v]!)
          if (rank[w] === -1) {
            rank[w] = rank[v]! + 1;
            next.push(w);
          }
      frontier = next;
    }
  };
  bfs([...Array(n).keys()].filter((v) => indeg[v] === 0));
  for (;;) {
    const left = [...Array(n).keys()].filter((v) => rank[v] === -1);
    if (!left.length) break;
    bfs([left.reduce((a, b) => (indeg[b]! < indeg[a]! ? b : a))]);
  }
  return rank;
}

/**
 * Columns: drop the back edges a depth-first search finds (starting from services nobody consumes), then the
 * longest path from a source over what is left. Services that consume each other end up in nearby columns
 * instead of one tall column. Linear in services + integrations.
 */
function longestPathRanks(out: number[][]): number[] {
  const n = out.length;
  const indeg = new Array<number>(n).fill(0);
  for (const ts of out) for (const w of ts) indeg[w]!++;
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const order: number[] = []; // reverse post-order = a topological order of the graph without back edges
  const kept: number[][] = out.map(() => []);
  const starts = [...Array(n).keys()].sort((a, b) => Number(indeg[a]! > 0) - Number(indeg[b]! > 0));
  for (const s of starts) {
    if (state[s]) continue;
    const work: [number, number][] = [[s, 0]];
    state[s] = 1;
    while (work.length) {
      const top = work[work.length - 1]!;
      const [v, i] = top;
      if (i < out[v]!.length) {
        top[1]++;
        const w = out[v]![i]!;
        if (state[w] === 1) continue; // back edge: ignored for the columns
        kept[v]!.push(w);
        if (state[w] === 0) {
          state[w] = 1;
          work.push([w, 0]);
        }
      } else {
        work.pop();
        state[v] = 2;
        order.push(v);
      }
    }
  }
  const rank = new Array<number>(n).fill(0);
  for (let k = order.length - 1; k >= 0; k--) {
    const v = order[k]!;
    for (const w of kept[v]!) if (rank[w]! < rank[v]! + 1) rank[w] = rank[v]! + 1;
  }
  return rank;
}
