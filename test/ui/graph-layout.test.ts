/**
 * The service graph's layout and blast radius as functions (issue 19): readable at 500 services (no ribbon, no two
 * boxes overlapping, tall columns wrapped), the hop columns of a focus in order, and the blast radius exactly the
 * services within N hops.
 */
import assert from 'node:assert/strict';
import { realProviders, serviceName } from '../../bench/gate/synthetic-org.ts';
import { blastRadius } from '../../broker/src/domain/ui/read-models.ts';
import { layoutGraph, MAX_ROWS, type Layout } from '../../broker/src/ui/graph-layout.ts';

function org(services: number) {
  const names = Array.from({ length: services }, (_, i) => serviceName(i));
  const edges = realProviders({ services, versions: services }).flatMap((ps, c) =>
    ps.map((p) => ({ consumer: names[c]!, provider: names[p]! })),
  );
  return { names, edges };
}

function overlapping(layout: Layout): string[] {
  const boxes = [...layout.nodes.values()].sort((a, b) => a.x - a.width / 2 - (b.x - b.width / 2));
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (b.x - b.width / 2 >= a.x + a.width / 2) break;
      if (Math.abs(a.y - b.y) < (a.height + b.height) / 2) out.push(`${a.name} / ${b.name}`);
    }
  return out;
}

describe('service graph layout (issue 19)', () => {
  it('lays out 500 services in a few wrapped columns, every box in its own place', () => {
    const { names, edges } = org(500);
    const layout = layoutGraph(names, edges);
    assert.equal(layout.nodes.size, 500);
    assert.deepEqual(overlapping(layout), []);
    assert.ok(layout.ranks <= 12, `${layout.ranks} columns`);
    assert.ok(layout.width < 6 * 1600, `${layout.width} px wide (the longest-path ranking drew ~30,000)`);
    assert.ok(layout.height <= (MAX_ROWS + 1) * 40, `${layout.height} px tall`);
    // Each service sits inside its column's range.
    for (const n of layout.nodes.values()) {
      const c = layout.columns.get(n.rank)!;
      assert.ok(n.x - n.width / 2 >= c.left - 0.01 && n.x + n.width / 2 <= c.right + 0.01, n.name);
    }
    // Breadth-first columns (fewest hops from a service nobody consumes): here no integration skips a column.
    const rank = (n: string) => layout.nodes.get(n)!.rank;
    assert.deepEqual(
      edges.filter((e) => rank(e.provider) > rank(e.consumer) + 1),
      [],
    );
  });

  it('draws a focus by the given hops: consumers left, providers right, a tall column wrapped', () => {
    const names = ['hub', 'p1', 'p2', ...Array.from({ length: 40 }, (_, i) => `c${String(i).padStart(2, '0')}`), 'cc'];
    const hops = new Map<string, number>([
      ['hub', 0],
      ['p1', 1],
      ['p2', 2],
      ['cc', -2],
    ]);
    const edges = [
      { consumer: 'hub', provider: 'p1' },
      { consumer: 'p1', provider: 'p2' },
    ];
    for (const n of names.filter((x) => x.startsWith('c') && x !== 'cc')) {
      hops.set(n, -1);
      edges.push({ consumer: n, provider: 'hub' });
    }
    edges.push({ consumer: 'cc', provider: 'c00' });
    const layout = layoutGraph(names, edges, hops);
    const x = (n: string) => layout.nodes.get(n)!.x;
    assert.ok(x('cc') < x('c00') && x('c00') < x('hub') && x('hub') < x('p1') && x('p1') < x('p2'));
    const consumers = [...layout.nodes.values()].filter((n) => hops.get(n.name) === -1);
    const rows = new Set(consumers.map((n) => n.y));
    const cols = new Set(consumers.map((n) => n.x));
    assert.ok(rows.size <= MAX_ROWS, `${rows.size} rows`);
    assert.equal(cols.size, Math.ceil(40 / MAX_ROWS));
    assert.deepEqual(overlapping(layout), []);
  });

  it('keeps the small graph drawn by dagre: every integration left to right when there is no cycle', () => {
    const names = ['web', 'mobile', 'orders', 'payments', 'users'];
    const edges = [
      { consumer: 'web', provider: 'orders' },
      { consumer: 'web', provider: 'users' },
      { consumer: 'mobile', provider: 'users' },
      { consumer: 'orders', provider: 'payments' },
    ];
    const layout = layoutGraph(names, edges);
    for (const e of edges) assert.ok(layout.nodes.get(e.consumer)!.x < layout.nodes.get(e.provider)!.x);
    assert.deepEqual(overlapping(layout), []);
  });
});

describe('blast radius (issue 19)', () => {
  // a -> b -> c -> d, e -> b, b -> f, x <-> b (a cycle), g -> a
  const ids = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, x: 7, g: 8 } as const;
  const pairs = (
    [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['e', 'b'],
      ['b', 'f'],
      ['x', 'b'],
      ['b', 'x'],
      ['g', 'a'],
      ['e', 'a'],
    ] as const
  ).map(([c, p]) => ({ consumer_id: ids[c], provider_id: ids[p] }));
  const name = (id: number) => Object.entries(ids).find(([, v]) => v === id)![0];
  const radius = (up: number, down: number) => {
    const r = blastRadius(pairs, ids.b, up, down);
    return {
      hops: Object.fromEntries([...r.hops].map(([id, d]) => [name(id), d])),
      pairs: r.pairs.map((p) => `${name(p.consumer_id)}>${name(p.provider_id)}`).sort(),
    };
  };

  it('is the services within the hops, each on its side, and the integrations between adjacent hops', () => {
    assert.deepEqual(radius(1, 1), {
      hops: { b: 0, c: 1, f: 1, x: -1, a: -1, e: -1 },
      pairs: ['a>b', 'b>c', 'b>f', 'b>x', 'e>b', 'x>b'],
    });
    // Two hops up reach g (through a); e is one hop up already, so e -> a is not on a path outwards.
    assert.deepEqual(radius(2, 0), {
      hops: { b: 0, a: -1, e: -1, x: -1, g: -2 },
      pairs: ['a>b', 'e>b', 'g>a', 'x>b'],
    });
    assert.deepEqual(radius(0, 2), { hops: { b: 0, c: 1, f: 1, x: 1, d: 2 }, pairs: ['b>c', 'b>f', 'b>x', 'c>d'] });
    assert.deepEqual(radius(0, 0), { hops: { b: 0 }, pairs: [] });
  });
});
