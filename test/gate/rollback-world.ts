/**
 * A small builder for can-i-rollback worlds in tests: units with their deployment history (newest first),
 * pacts per consumer version, and evidence per pair.
 */
import type {
  DeployedUnit,
  EvidenceRow,
  MigrationRow,
  PactRow,
  RollbackWorld,
  Verdict,
} from '../../broker/src/gate/rollback/types.ts';

export class WorldBuilder {
  private readonly units: DeployedUnit[] = [];
  private readonly pacts: PactRow[] = [];
  private readonly evidence: EvidenceRow[] = [];
  private readonly migrations: MigrationRow[] = [];
  constructor(private readonly environment = 'production') {}

  /** A unit with one instance; `history` newest deployment first, the current version first. */
  deployed(name: string, ...history: string[]): this {
    this.units.push({ name, instances: [{ applicationInstance: null, current: history[0], history }], released: [] });
    return this;
  }

  unit(unit: DeployedUnit): this {
    this.units.push(unit);
    return this;
  }

  /** `consumer@version` has a pact with each provider. */
  pact(consumer: string, versions: string[], ...providers: string[]): this {
    for (const v of versions) for (const p of providers) this.pacts.push({ consumer, consumerVersion: v, provider: p });
    return this;
  }

  verdict(verdict: Verdict, consumer: string, cv: string, provider: string, pv: string): this {
    this.evidence.push({
      consumer,
      consumerVersion: cv,
      provider,
      providerVersion: pv,
      verdict,
      evidence: verdict === 'unknown' ? 'none' : 'verification',
      reasons: verdict === 'incompatible' ? [{ id: 'verification-failed', interaction: 'get order' }] : [],
    });
    return this;
  }

  ok(consumer: string, cv: string, provider: string, pv: string): this {
    return this.verdict('compatible', consumer, cv, provider, pv);
  }

  bad(consumer: string, cv: string, provider: string, pv: string): this {
    return this.verdict('incompatible', consumer, cv, provider, pv);
  }

  /** Every pair of the listed versions compatible. */
  allOk(consumer: string, cvs: string[], provider: string, pvs: string[]): this {
    for (const cv of cvs) for (const pv of pvs) this.ok(consumer, cv, provider, pv);
    return this;
  }

  /** `pacticipant@version` introduced migration `id`: reversible by `down`, or irreversible when `down` is null. */
  migration(pacticipant: string, version: string, id: string, down: string | null): this {
    this.migrations.push({ pacticipant, version, id, reversible: down !== null, down });
    return this;
  }

  build(): RollbackWorld {
    return {
      environment: this.environment,
      units: [...this.units],
      pacts: [...this.pacts],
      evidence: [...this.evidence],
      ...(this.migrations.length > 0 ? { migrations: [...this.migrations] } : {}),
    };
  }
}
