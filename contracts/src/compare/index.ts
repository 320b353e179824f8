/** The offline comparison's public face, for the CLI's `rollgate compare`. */
export { compareFiles } from './compare-files.ts';
export { EXIT, exitCodeFor, exitCodeForError } from './exit-codes.ts';
