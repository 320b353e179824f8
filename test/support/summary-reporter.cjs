// Mocha's spec reporter, which also writes the run's counts as JSON to the file named by
// ROLLGATE_TEST_SUMMARY: `{"passes": N, "failures": N, "pending": N, "tests": N, "duration": ms}`, added to the
// counts already in that file (`npm test` is two mocha runs; `.ci/run` starts from an empty file).
// `.ci/run` reads its "N passed, N failed" line from that file, not from the human-readable output
// (whose lines mocha --parallel buffers per file and a test's own output could imitate).
// CommonJS: mocha require()s a reporter.
const { readFileSync, writeFileSync } = require('node:fs');
const { Spec } = require('mocha').reporters;

class SummaryReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const file = process.env.ROLLGATE_TEST_SUMMARY;
    if (!file) return;
    runner.once('end', () => {
      // `npm test` runs mocha twice (the parallel run, then the timing tests alone): the counts add up.
      let before = { passes: 0, failures: 0, pending: 0, tests: 0, duration: 0 };
      try {
        before = { ...before, ...JSON.parse(readFileSync(file, 'utf8')) };
      } catch {
        // An empty or new file: the first run.
      }
      const { passes, failures, pending, tests, duration } = this.stats;
      const sum = {
        passes: before.passes + passes,
        failures: before.failures + failures,
        pending: before.pending + pending,
        tests: before.tests + tests,
        duration: before.duration + duration,
      };
      writeFileSync(file, `${JSON.stringify(sum)}\n`);
    });
  }
}

module.exports = SummaryReporter;
