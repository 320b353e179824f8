/** The entry the package runs (package.json `bin`); written last by a build. */
export declare const BUILT_ENTRY: string;
/** Undefined when dist/ is current; otherwise why a build is needed (missing, or which input changed since). */
export declare function staleBuild(root: string): string | undefined;
