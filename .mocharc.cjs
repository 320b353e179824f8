// Mocha runs the TypeScript tests through tsx (no build step). `npm test` names the spec glob, so
// `npx mocha test/some/file.test.ts` runs just that file.
module.exports = {
  'node-option': ['import=tsx'],
  timeout: 20000,
  exit: true,
};
