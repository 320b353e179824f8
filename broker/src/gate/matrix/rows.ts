/**
 * Matrix rows from a gathered world: which integrations are in play, which versions of each side, and the
 * verdict of every (consumer version, provider version) pair.
 */
import type {
  MatrixRow,
  MatrixSelector,
  MatrixWorld,
  PairEvidence,
  ResolvedIgnore,
  RowReason,
  ScopeDescription,
  SpecifiedSide,
  WorldPublication,
  WorldVerification,
  WorldVersion,
} from './types.ts';

/**
 * How counterparts are chosen:
 *  - infer: a destination is given; every unspecified counterpart comes from it;
 *  - any: one pacticipant, no destination; counterparts are unrestricted (rows only where there is evidence);
 *  - among: several pacticipants, no destination; only integrations among them.
 */
export type Mode = 'infer' | 'any' | 'among';

export function modeOf(side: SpecifiedSide): Mode {
  if (side.query.destination.kind !== 'none') return 'infer';
  return new Set(side.specified.map((s) => s.selector.pacticipant)).size <= 1 ? 'any' : 'among';
}

/** After round 1, which counterparts the broker must load versions for. */
export function counterparts(side: SpecifiedSide): { mode: Mode; infer: string[]; anyConsumers: string[] } {
  const mode = modeOf(side);
  const specified = new Set(side.specified.map((s) => s.selector.pacticipant));
  const names = new Set<string>();
  for (const p of side.specifiedPublications) if (!specified.has(p.provider)) names.add(p.provider);
  for (const name of specified) for (const c of side.consumersOf[name] ?? []) if (!specified.has(c)) names.add(c);
  const sorted = [...names].sort();
  if (mode === 'infer') return { mode, infer: sorted, anyConsumers: [] };
  if (mode === 'any') {
    const consumers = new Set<string>();
    for (const name of specified) for (const c of side.consumersOf[name] ?? []) if (!specified.has(c)) consumers.add(c);
    return { mode, infer: [], anyConsumers: [...consumers].sort() };
  }
  return { mode, infer: [], anyConsumers: [] };
}

/**
 * versions: every version listed must be paired (a destination, or a selector naming one version, the latest, or an
 * environment); within: rows only where there is evidence, within the listed versions (a selector for many versions,
 * such as every version of a branch, as the Pact Broker's left join does); any: unrestricted, rows only with evidence.
 */
type Scope =
  | { kind: 'versions'; versions: WorldVersion[]; description: ScopeDescription }
  | { kind: 'within'; versions: WorldVersion[]; ids: ReadonlySet<number>; description: ScopeDescription }
  | { kind: 'any' }
  | { kind: 'out' };

const exact = (s: MatrixSelector): boolean =>
  s.version !== undefined || s.latest === true || s.environment !== undefined;

export function ignoredBy(ignore: ResolvedIgnore[], pacticipant: string, version: string | null): boolean {
  return ignore.some(
    (i) =>
      i.selector.pacticipant === pacticipant && (i.selector.version === undefined || i.selector.version === version),
  );
}

/** Every row the world implies, before latestby. */
export function buildRows(world: MatrixWorld, pairEvidence?: PairEvidence): MatrixRow[] {
  const mode = modeOf(world);
  const specifiedVersions = new Map<
    string,
    { versions: Map<number, WorldVersion>; description: ScopeDescription; exact: boolean }
  >();
  for (const s of world.specified) {
    const entry = specifiedVersions.get(s.selector.pacticipant) ?? {
      versions: new Map(),
      description: { kind: 'selector', selector: s.selector },
      exact: true,
    };
    for (const v of s.versions) entry.versions.set(v.id, v);
    entry.exact &&= exact(s.selector);
    specifiedVersions.set(s.selector.pacticipant, entry);
  }
  const scopeFor = (name: string): Scope => {
    const s = specifiedVersions.get(name);
    if (s) {
      const versions = [...s.versions.values()];
      return s.exact
        ? { kind: 'versions', versions, description: s.description }
        : { kind: 'within', versions, ids: new Set(s.versions.keys()), description: s.description };
    }
    if (mode === 'infer')
      return {
        kind: 'versions',
        versions: world.inferred[name] ?? [],
        description: { kind: 'destination', destination: world.query.destination },
      };
    if (mode === 'any') return { kind: 'any' };
    return { kind: 'out' };
  };
  // One scope per pacticipant, made once: asked for every publication, it listed every version of the pacticipant
  // each time (a pair's whole history is thousands of publications against thousands of versions).
  const scopes = new Map<string, Scope>();
  const scopeOf = (name: string): Scope => {
    let scope = scopes.get(name);
    if (!scope) {
      scope = scopeFor(name);
      scopes.set(name, scope);
    }
    return scope;
  };

  const pubsByCv = new Map<number, WorldPublication[]>();
  for (const p of [...world.specifiedPublications, ...world.publications]) {
    const list = pubsByCv.get(p.consumerVersionId) ?? [];
    if (!list.some((x) => x.provider === p.provider)) list.push(p);
    pubsByCv.set(p.consumerVersionId, list);
  }
  // The latest verification per (pact version, provider version): re-verifying overwrites the verdict. Without
  // latestby (the history) every verification is its own row; the older ones are marked superseded.
  const history = world.query.latestby === undefined;
  const allOf = new Map<string, WorldVerification[]>();
  if (history)
    for (const v of world.verifications) {
      const key = `${v.pactVersionId}:${v.providerVersionId}`;
      allOf.set(key, [...(allOf.get(key) ?? []), v]);
    }
  const latest = new Map<string, WorldVerification>();
  const byPact = new Map<number, Map<number, WorldVerification>>();
  for (const v of world.verifications) {
    const key = `${v.pactVersionId}:${v.providerVersionId}`;
    const prev = latest.get(key);
    if (prev && prev.id > v.id) continue;
    latest.set(key, v);
    const m = byPact.get(v.pactVersionId) ?? new Map<number, WorldVerification>();
    m.set(v.providerVersionId, v);
    byPact.set(v.pactVersionId, m);
  }

  const rows: MatrixRow[] = [];
  const seen = new Set<string>();
  const consumerVersionOf = (p: WorldPublication): WorldVersion => ({
    id: p.consumerVersionId,
    pacticipant: p.consumer,
    number: p.consumerVersion,
  });

  const row = (
    pub: WorldPublication,
    pv: WorldVersion | null,
    required: boolean,
    onlyWithEvidence: boolean,
    scope?: ScopeDescription,
  ): void => {
    const base: RowBase = {
      consumer: pub.consumer,
      consumerVersion: consumerVersionOf(pub),
      provider: pub.provider,
      publication: pub,
      required,
      ignored:
        ignoredBy(world.ignore, pub.consumer, pub.consumerVersion) ||
        ignoredBy(world.ignore, pub.provider, pv?.number ?? null),
    };
    if (!pv) {
      rows.push(
        unverifiedRow(
          base,
          scope ? [{ id: 'no-provider-version', provider: pub.provider, scope }] : [{ id: 'not-verified' }],
        ),
      );
      return;
    }
    const v = latest.get(`${pub.pactVersionId}:${pv.id}`);
    if (v) {
      const every = history
        ? [...(allOf.get(`${pub.pactVersionId}:${pv.id}`) ?? [v])].sort((a, b) => b.id - a.id)
        : [v];
      for (const x of every) rows.push(verifiedRow(base, pv, x, x.id !== v.id));
      return;
    }
    const answer = pairEvidence?.({
      consumer: pub.consumer,
      consumerVersionId: pub.consumerVersionId,
      consumerVersion: pub.consumerVersion,
      provider: pub.provider,
      providerVersionId: pv.id,
      providerVersion: pv.number,
      pactVersionId: pub.pactVersionId,
    });
    if (!answer && onlyWithEvidence) return;
    rows.push({
      ...base,
      providerVersion: pv,
      verification: null,
      verdict: answer?.verdict ?? 'unknown',
      evidence: answer?.evidence ?? 'none',
      reasons: answer ? answer.reasons : [{ id: 'not-verified' }],
    });
  };

  const addPub = (pub: WorldPublication, providerScope: Scope, required: boolean, onlyWithEvidence: boolean): void => {
    const key = `${pub.consumerVersionId}:${pub.provider}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (providerScope.kind === 'out') return;
    if (providerScope.kind === 'any' || providerScope.kind === 'within') {
      const allowed = providerScope.kind === 'within' ? providerScope.ids : undefined;
      const verified = [...(byPact.get(pub.pactVersionId)?.values() ?? [])].filter(
        (v) => !allowed || allowed.has(v.providerVersionId),
      );
      for (const v of verified)
        row(
          pub,
          { id: v.providerVersionId, pacticipant: pub.provider, number: v.providerVersion },
          required,
          onlyWithEvidence,
        );
      if (!verified.length && required)
        row(
          pub,
          null,
          required,
          onlyWithEvidence,
          providerScope.kind === 'within' && !allowed!.size ? providerScope.description : undefined,
        );
      return;
    }
    if (!providerScope.versions.length) {
      if (required) row(pub, null, required, onlyWithEvidence, providerScope.description);
      return;
    }
    for (const pv of providerScope.versions) row(pub, pv, required, onlyWithEvidence);
  };

  // Specified versions as consumers: each provider they have a pact with is required.
  for (const s of world.specified) {
    for (const v of s.versions)
      for (const pub of pubsByCv.get(v.id) ?? []) addPub(pub, scopeOf(pub.provider), true, false);
  }
  // Specified pacticipants as providers: a consumer matters only when a version of it is in scope.
  for (const [name] of specifiedVersions) {
    const providerScope = scopeOf(name);
    for (const consumer of world.consumersOf[name] ?? []) {
      if (specifiedVersions.has(consumer)) continue;
      const cs = scopeOf(consumer);
      if (cs.kind === 'out') continue;
      const versions = cs.kind === 'any' ? (world.anyConsumerVersions[consumer] ?? []) : cs.versions;
      for (const cv of versions) {
        const pub = (pubsByCv.get(cv.id) ?? []).find((p) => p.provider === name);
        if (pub) addPub(pub, providerScope, false, cs.kind !== 'versions');
      }
    }
  }
  return rows.sort(compareRows);
}

/** What every row of one publication shares. */
export type RowBase = Pick<
  MatrixRow,
  'consumer' | 'consumerVersion' | 'provider' | 'publication' | 'required' | 'ignored'
>;

/** A row whose verdict is a verification's: the latest of the pair, or (in the history) a superseded one. */
export const verifiedRow = (base: RowBase, pv: WorldVersion, x: WorldVerification, superseded: boolean): MatrixRow => ({
  ...base,
  providerVersion: pv,
  verification: x,
  verdict: x.success ? 'compatible' : 'incompatible',
  evidence: 'verification',
  reasons: [
    x.failures
      ? { id: 'verified', success: x.success, verificationId: x.id, failures: x.failures }
      : { id: 'verified', success: x.success, verificationId: x.id },
  ],
  ...(superseded ? { superseded: true } : {}),
});

/** A row without a provider version to pair with (not verified, or none in scope). */
export const unverifiedRow = (base: RowBase, reasons: RowReason[]): MatrixRow => ({
  ...base,
  providerVersion: null,
  verification: null,
  verdict: 'unknown',
  evidence: 'none',
  reasons,
});

/**
 * Pacticipant names in the matrix's order: by locale, then by code point, so that two names the locale holds equal
 * (a composed and a decomposed accent) still have one order.
 */
export const compareNames = (a: string, b: string): number => a.localeCompare(b) || (a < b ? -1 : a > b ? 1 : 0);

export function compareRows(a: MatrixRow, b: MatrixRow): number {
  return (
    compareNames(a.consumer, b.consumer) ||
    b.consumerVersion.id - a.consumerVersion.id ||
    compareNames(a.provider, b.provider) ||
    (b.providerVersion?.id ?? 0) - (a.providerVersion?.id ?? 0) ||
    (b.verification?.id ?? 0) - (a.verification?.id ?? 0)
  );
}
