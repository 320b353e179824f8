// Mocha runs the TypeScript tests through tsx (no build step). `npm test` names the spec glob, so
// `npx mocha test/some/file.test.ts` runs just that file.
// tsx's ES module loader only (tsx/esm): with tsx's CommonJS hook too, mocha require()s each test file as CommonJS,
// and a module that one file reaches by require and another by import() (the CLI loads its commands with import())
// is loaded twice, so `instanceof` fails across the two copies.
module.exports = {
  'node-option': ['import=tsx/esm'],
  timeout: 20000,
  exit: true,
};
