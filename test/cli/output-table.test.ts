/** `-o table` is `-o text` on every command that has `-o` (the `pact-broker` CLI's name for its human output). */
import assert from 'node:assert/strict';
import { buildProgram } from '../../cli/src/main.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { run } from './support.ts';

describe('-o table', () => {
  it('is accepted as text by every command with an output option, and anything else is refused', async () => {
    const program = await buildProgram();
    // `export --output FILE` names a file (issue 17 gives it that name), not a format.
    const withOutput = program.commands.filter(
      (c) => c.name() !== 'export' && c.options.some((o) => o.long === '--output'),
    );
    assert.ok(withOutput.length >= 12, `commands with -o: ${withOutput.map((c) => c.name())}`);
    for (const cmd of withOutput) {
      const o = cmd.options.find((x) => x.long === '--output')!;
      assert.equal(o.short, '-o', cmd.name());
      assert.equal(o.parseArg!('table', undefined), 'text', cmd.name());
      assert.equal(o.parseArg!('json', undefined), 'json', cmd.name());
      assert.throws(() => o.parseArg!('xml', undefined), /Allowed choices are text, table \(the same as text\), json/);
    }
  });

  describe('against a broker', () => {
    let b: TestBroker;
    before(async () => {
      b = await startTestBroker();
      await b.td
        .environment('production')
        .publishPact({ consumer: 'web', version: '1', provider: 'orders' })
        .verify({ consumer: 'web', version: '1', provider: 'orders', providerVersion: '2', success: true })
        .deploy({ pacticipant: 'orders', version: '2', environment: 'production' });
    });
    after(() => b.destroy());

    it('prints exactly what text prints; a bad format exits 2', async () => {
      const env = { ROLLGATE_BROKER_BASE_URL: b.url };
      for (const argv of [
        ['can-i-deploy', '--pacticipant', 'web', '--version', '1', '--to-environment', 'production'],
        ['can-i-rollback', '--environment', 'production'],
        ['describe-version', '--pacticipant', 'web', '--version', '1'],
      ]) {
        const table = await run([...argv, '-o', 'table'], env);
        const text = await run([...argv, '--output', 'text'], env);
        assert.equal(table.code, text.code, argv[0]);
        assert.equal(table.out, text.out, argv[0]);
        assert.ok(table.out.length > 0);
      }
      const bad = await run(['can-i-deploy', '--pacticipant', 'web', '--version', '1', '-o', 'xml'], env);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /Allowed choices are text, table \(the same as text\), json/);
    });
  });
});
