/**
 * The same consumer version published with different contents from many transactions at once, on
 * two PostgreSQL stores (two pools, as two broker instances): exactly one content wins, every other
 * publish is refused with a conflict, and no publish that returned success lost its content.
 */
import assert from 'node:assert/strict';
import { decodePact } from '../../broker/src/domain/pacts/decode.ts';
import { Hooks } from '../../broker/src/domain/hooks.ts';
import { publishPacts } from '../../broker/src/domain/pacts/publish.ts';
import { pactForConsumerVersion } from '../../broker/src/domain/pacts/queries.ts';
import { ensureVersionWithLabels } from '../../broker/src/domain/versions/ensure.ts';
import { ConflictError } from '../../broker/src/errors.ts';
import { PostgresStore } from '../../broker/src/storage/postgres/postgres-store.ts';
import { aPact } from '../support/pact-builder.ts';
import { freshPostgresUrl } from '../support/postgres.ts';

const PG = process.env.ROLLGATE_TEST_DATABASE_URL;

(PG ? describe : describe.skip)('concurrent publishes of one consumer version (PostgreSQL, two pools)', function () {
  this.timeout(60_000);
  let db: Awaited<ReturnType<typeof freshPostgresUrl>>;
  let one: PostgresStore;
  let two: PostgresStore;
  before(async () => {
    db = await freshPostgresUrl();
    one = await PostgresStore.open(db.url);
    two = await PostgresStore.open(db.url);
  });
  after(async () => {
    await one?.close();
    await two?.close();
    await db?.drop();
  });

  for (let round = 0; round < 5; round++) {
    it(`round ${round}: one content wins, the rest get a conflict, no acknowledged write is lost`, async () => {
      const version = `v${round}`;
      // The version exists already (as after `create-version-tag`), so nothing else serialises the publishes.
      await one.write(() => ensureVersionWithLabels('web', version, {}));
      const outcomes = await Promise.all(
        Array.from({ length: 16 }, (_, i) => {
          const marker = `/things/${i}`;
          const decoded = decodePact(aPact('web', 'orders').withInteraction({ path: marker }).build(), '$');
          const store = i % 2 ? one : two;
          return store
            .write(() =>
              publishPacts(
                new Hooks(),
                { consumerName: 'web', versionNumber: version, contracts: [{ providerName: 'orders', decoded }] },
                false,
              ),
            )
            .then(
              () => ({ marker, ok: true as const }),
              (e: unknown) => {
                if (e instanceof ConflictError) return { marker, ok: false as const };
                throw e;
              },
            );
        }),
      );
      const acknowledged = outcomes.filter((o) => o.ok);
      assert.equal(acknowledged.length, 1, `acknowledged: ${acknowledged.map((o) => o.marker).join(', ')}`);
      const stored = await two.read(() => pactForConsumerVersion('orders', 'web', version));
      assert.equal(JSON.parse(stored.pactVersion.content).interactions[0].request.path, acknowledged[0]!.marker);
    });
  }
});
