// Mocha runs the TypeScript tests through tsx (no build step). `npm test` names the spec glob and runs the
// files in parallel (each file in a worker process, each test's broker on its own temporary SQLite file or
// PostgreSQL schema, on a port the system picks); `npx mocha test/some/file.test.ts` runs just that file.
// tsx's ES module loader only (tsx/esm): with tsx's CommonJS hook too, mocha require()s each test file as CommonJS,
// and a module that one file reaches by require and another by import() (the CLI loads its commands with import())
// is loaded twice, so `instanceof` fails across the two copies.
// The reporter is mocha's spec reporter that also writes the counts as JSON where ROLLGATE_TEST_SUMMARY says.
module.exports = {
  'node-option': ['import=tsx/esm'],
  reporter: './test/support/summary-reporter.cjs',
  timeout: 20000,
  exit: true,
};
