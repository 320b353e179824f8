/**
 * `diffPacts(old, new)`: what a consumer's new pact asks of the provider that the old one did not,
 * and what it no longer asks for, interaction by interaction. Used by `rollgate diff-pacts`.
 */
export { diffPacts } from './diff.ts';
export { formatPactDiff } from './format.ts';
