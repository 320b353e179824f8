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
}

const NODE_HEIGHT = 26;
const nodeWidth = (name: string) => Math.min(260, 24 + [...name].length * 7.2);

/**
 * Consumers left, providers right: each service's column is the length of the longest chain of consumers
 * above it (cycles of services that consume each other share a column). Dagre then orders and places the
 * nodes within columns; it is given these ranks ("ranker: none") and only one short edge per service (from a
 * consumer in the previous column), which keeps its crossing minimisation linear-ish: a random graph of 200
 * services and 1,000 integrations with every edge takes dagre over a minute, this takes tens of milliseconds.
 * Every integration is still drawn (graph page), as a curve between the two boxes.
 */
export function layoutGraph(names: string[], edges: { consumer: string; provider: string }[]): Layout {
  const key = createHash('sha1')
    .update(JSON.stringify([names, edges.map((e) => [e.consumer, e.provider])]))
    .digest('hex');
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const layout = compute(names, edges);
  cache.set(key, layout);
  if (cache.size > 16) cache.delete(cache.keys().next().value!);
  return layout;
}

const cache = new Map<string, Layout>();

function compute(names: string[], edges: { consumer: string; provider: string }[]): Layout {
  const index = new Map(names.map((n, i) => [n, i]));
  const out: number[][] = names.map(() => []);
  for (const e of edges) {
    const c = index.get(e.consumer);
    const p = index.get(e.provider);
    if (c !== undefined && p !== undefined && c !== p) out[c]!.push(p);
  }
  const rank = longestPathRanks(out);
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
  return { nodes, width: Math.ceil(gg.width ?? 0), height: Math.ceil(gg.height ?? 0), ranks: Math.max(0, ...rank) + 1 };
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
