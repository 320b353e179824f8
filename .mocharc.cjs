// Mocha runs the TypeScript tests through tsx (no build step).
module.exports = {
  'node-option': ['import=tsx'],
  spec: ['test/**/*.test.ts'],
  timeout: 20000,
  recursive: true,
  exit: true,
};
