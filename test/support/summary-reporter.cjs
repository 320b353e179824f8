// Mocha's spec reporter, which also writes the run's counts as JSON to the file named by
// ROLLGATE_TEST_SUMMARY: `{"passes": N, "failures": N, "pending": N, "tests": N, "duration": ms}`.
// `.ci/run` reads its "N passed, N failed" line from that file, not from the human-readable output
// (whose lines mocha --parallel buffers per file and a test's own output could imitate).
// CommonJS: mocha require()s a reporter.
const { writeFileSync } = require('node:fs');
const { Spec } = require('mocha').reporters;

class SummaryReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const file = process.env.ROLLGATE_TEST_SUMMARY;
    if (!file) return;
    runner.once('end', () => {
      const { passes, failures, pending, tests, duration } = this.stats;
      writeFileSync(file, `${JSON.stringify({ passes, failures, pending, tests, duration })}\n`);
    });
  }
}

module.exports = SummaryReporter;
