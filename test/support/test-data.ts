import { randomUUID } from 'node:crypto';
import { loadOpenApi } from '../../contracts/src/openapi/load.ts';
import { decodePact } from '../../broker/src/domain/pacts/decode.ts';
import { pactForConsumerVersion } from '../../broker/src/domain/pacts/queries.ts';
import { publishPacts } from '../../broker/src/domain/pacts/publish.ts';
import { publishProviderContract } from '../../broker/src/domain/provider-contracts/publish.ts';
import { publishVerification } from '../../broker/src/domain/verifications/publish.ts';
import { ensureVersionWithLabels } from '../../broker/src/domain/versions/ensure.ts';
import { setClock } from '../../broker/src/repositories/clock.ts';
import { deploy, release } from '../../broker/src/domain/deployments/record.ts';
import { endReleaseSupport, undeployVersion } from '../../broker/src/domain/deployments/end.ts';
import { Hooks } from '../../broker/src/domain/hooks.ts';
import { currentlyDeployed, currentlySupported } from '../../broker/src/repositories/deployments.ts';
import { findEnvironmentByName, insertEnvironment } from '../../broker/src/repositories/environments.ts';
import type { Store } from '../../broker/src/storage/port.ts';
import { aPact, type PactBuilder } from './pact-builder.ts';

type Op = () => Promise<unknown>;

/**
 * A fluent test-data builder that writes through the storage port (so it works on both adapters):
 *
 *   await td.environment('production')
 *     .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
 *     .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '2', success: true })
 *     .deploy({ pacticipant: 'orders', version: '2', environment: 'production' });
 *
 * Calls queue; awaiting the builder runs them in order.
 */
export class TestData implements PromiseLike<void> {
  private queue: Op[] = [];
  private now = new Date('2026-01-01T00:00:00Z');
  private clockSet = false;

  /** `hooks`: the broker's, so test data is audited and its events handled as real requests' are. */
  constructor(
    readonly store: Store,
    readonly hooks: Hooks = new Hooks(),
  ) {}

  private push(op: Op): this {
    this.queue.push(op);
    return this;
  }

  // biome-ignore lint/suspicious/noThenProperty: the builder is awaited on purpose (`await b.td.environment(...).deploy(...)` runs the queued steps)
  then<R1 = void, R2 = never>(
    // biome-ignore lint/suspicious/noConfusingVoidType: the signature of PromiseLike<void>.then, which this implements
    ok?: ((v: void) => R1 | PromiseLike<R1>) | null,
    fail?: ((e: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    const ops = this.queue;
    this.queue = [];
    const run = async () => {
      for (const op of ops) await op();
    };
    return run().then(ok, fail);
  }

  /** Freezes the broker's clock at `iso` (restore with `realTime()`). */
  setNow(iso: string): this {
    return this.push(async () => {
      this.now = new Date(iso);
      this.clockSet = true;
      setClock(() => this.now);
    });
  }

  addDays(days: number): this {
    return this.push(async () => {
      this.now = new Date(this.now.getTime() + days * 86_400_000);
      if (!this.clockSet) setClock(() => this.now);
      this.clockSet = true;
    });
  }

  realTime(): this {
    return this.push(async () => setClock(undefined));
  }

  environment(name: string, opts: { production?: boolean; uuid?: string } = {}): this {
    return this.push(() =>
      this.store.write(function* () {
        if (!(yield* findEnvironmentByName(name)))
          yield* insertEnvironment(opts.uuid ?? randomUUID(), {
            name,
            production: opts.production ?? name === 'production',
          });
      }),
    );
  }

  version(opts: { pacticipant: string; version: string; branch?: string; tags?: string[] }): this {
    return this.push(() => this.store.write(() => ensureVersionWithLabels(opts.pacticipant, opts.version, opts)));
  }

  /** Publishes a pact; `pact` customises it (default: one GET interaction). */
  publishPact(opts: {
    consumer: string;
    version: string;
    provider: string;
    branch?: string;
    tags?: string[];
    pact?: (b: PactBuilder) => PactBuilder;
    json?: Record<string, unknown>;
    /** Publish other content for a version that has a pact (a new revision), as ROLLGATE_ALLOW_CONTRACT_MODIFICATION does. */
    allowModification?: boolean;
  }): this {
    return this.push(async () => {
      const json =
        opts.json ??
        (opts.pact
          ? opts.pact(aPact(opts.consumer, opts.provider))
          : aPact(opts.consumer, opts.provider).withInteraction()
        ).build();
      const decoded = decodePact(json, '$');
      const cmd = {
        consumerName: opts.consumer,
        versionNumber: opts.version,
        branch: opts.branch,
        tags: opts.tags,
        contracts: [
          {
            providerName: opts.provider,
            decoded,
            ...(opts.allowModification ? { onConflict: 'overwrite' as const } : {}),
          },
        ],
      };
      await this.store.write(() => publishPacts(this.hooks, cmd, opts.allowModification ?? false));
    });
  }

  /**
   * A consumer and its provider at each of `versions`, both deployed to `environment`: each consumer version with its
   * own pact content (a path per version), verified by the provider version of the same number, so that a verification
   * of one version says nothing of the other.
   */
  deployedPair(opts: { consumer: string; provider: string; versions: string[]; environment: string }): this {
    const { consumer, provider, environment } = opts;
    for (const v of opts.versions)
      this.publishPact({ consumer, version: v, provider, pact: (x) => x.withInteraction({ path: `/v${v}` }) })
        .verify({ consumer, version: v, provider, providerVersion: v, success: true })
        .deploy({ pacticipant: consumer, version: v, environment })
        .deploy({ pacticipant: provider, version: v, environment });
    return this;
  }

  /** Publishes a verification of the pact `consumer@version` has with `provider`, by `providerVersion`. */
  verify(opts: {
    consumer: string;
    version: string;
    provider: string;
    providerVersion: string;
    success: boolean;
    branch?: string;
    /** As a Verifier publishes them (fixtures/verification-results/ has real ones). */
    testResults?: unknown;
  }): this {
    const hooks = this.hooks;
    return this.push(async () => {
      const found = await this.store.read(() => pactForConsumerVersion(opts.provider, opts.consumer, opts.version));
      await this.store.write(function* () {
        if (opts.branch) yield* ensureVersionWithLabels(opts.provider, opts.providerVersion, { branch: opts.branch });
        yield* publishVerification(hooks, {
          provider: opts.provider,
          consumer: opts.consumer,
          sha: found.pactVersion.sha,
          providerVersion: opts.providerVersion,
          success: opts.success,
          ...(opts.testResults !== undefined ? { testResults: opts.testResults } : {}),
        });
      });
    });
  }

  deploy(opts: { pacticipant: string; version: string; environment: string; instance?: string }): this {
    const hooks = this.hooks;
    return this.push(() =>
      this.store.write(function* () {
        const { pacticipant, version } = yield* resolve(opts.pacticipant, opts.version);
        const env = (yield* findEnvironmentByName(opts.environment))!;
        yield* deploy(
          hooks,
          { versionId: version.id, pacticipantId: pacticipant.id, environmentId: env.id },
          opts.instance ?? '',
        );
      }),
    );
  }

  undeploy(opts: { pacticipant: string; environment: string; instance?: string }): this {
    const hooks = this.hooks;
    return this.push(() =>
      this.store.write(function* () {
        const env = (yield* findEnvironmentByName(opts.environment))!;
        for (const d of yield* currentlyDeployed(env.id)) {
          if (
            d.pacticipant_name === opts.pacticipant &&
            (opts.instance === undefined || d.application_instance === opts.instance)
          )
            yield* undeployVersion(hooks, d.uuid);
        }
      }),
    );
  }

  release(opts: { pacticipant: string; version: string; environment: string }): this {
    const hooks = this.hooks;
    return this.push(() =>
      this.store.write(function* () {
        const { pacticipant, version } = yield* resolve(opts.pacticipant, opts.version);
        const env = (yield* findEnvironmentByName(opts.environment))!;
        yield* release(hooks, { versionId: version.id, pacticipantId: pacticipant.id, environmentId: env.id });
      }),
    );
  }

  endSupport(opts: { pacticipant: string; version: string; environment: string }): this {
    const hooks = this.hooks;
    return this.push(() =>
      this.store.write(function* () {
        const env = (yield* findEnvironmentByName(opts.environment))!;
        for (const r of yield* currentlySupported(env.id))
          if (r.pacticipant_name === opts.pacticipant && r.version_number === opts.version)
            yield* endReleaseSupport(hooks, r.uuid);
      }),
    );
  }

  /** Publishes an OpenAPI document (an object or YAML/JSON text) with its self-verification result. */
  providerContract(opts: {
    provider: string;
    version: string;
    document: unknown;
    success?: boolean;
    branch?: string;
  }): this {
    return this.push(async () => {
      const text = typeof opts.document === 'string' ? opts.document : JSON.stringify(opts.document);
      const loaded = await loadOpenApi(
        text,
        typeof opts.document === 'string' ? 'application/yaml' : 'application/json',
      );
      await this.store.write(() =>
        publishProviderContract(this.hooks, {
          provider: opts.provider,
          version: opts.version,
          branch: opts.branch,
          content: text,
          contentType: 'application/json',
          loaded,
          selfVerification: opts.success === undefined ? undefined : { success: opts.success },
        }),
      );
    });
  }
}

function* resolve(pacticipant: string, version: string) {
  const out = yield* ensureVersionWithLabels(pacticipant, version, {});
  return { pacticipant: out.consumer, version: out.version };
}
