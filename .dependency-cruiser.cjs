/**
 * The layer rules of docs/architecture.md, checked by `npm run lint` (depcruise).
 *
 * Folders, top to bottom: cli -> (HTTP) -> broker -> contracts -> matchers.
 * Inside broker/src: http -> domain -> repositories -> storage, with gate/ pure beside them, and the vertical
 * slices (webhooks, audit, auth, ui, queue, events, precompute, retention) that may use domain, repositories and storage but never http's
 * internals. config.ts, errors.ts, messages.ts, context/ and links/ (paths, link building, HAL, paging) are neutral
 * modules anyone in the broker may use; deps.ts is the bag of dependencies handlers, pages and workers receive.
 * server.ts is the composition root: it wires everything and is imported only by `rollgate serve`.
 */
const SRC = '^broker/src/';
const SLICES = `${SRC}(webhooks|audit|auth|ui|queue|events|precompute|retention|transfer|pb-import)/`;
const NEUTRAL = `${SRC}(config|errors|messages)\\.ts$|${SRC}(context|links)/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle ties modules into one: split the shared part into a module both import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import the cruiser cannot resolve would escape every rule below.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-test-from-product',
      severity: 'error',
      comment: 'Product code never depends on tests, benchmarks or scripts.',
      from: { path: '^(broker|contracts|matchers|cli)/' },
      to: { path: '^(test|bench|scripts)/' },
    },

    // Folders: cli -> (HTTP) -> broker -> contracts -> matchers.
    {
      name: 'matchers-stand-alone',
      severity: 'error',
      comment: 'matchers/ is the bottom: the pact model types it needs live in matchers/src/model/.',
      from: { path: '^matchers/' },
      to: { path: '^(contracts|broker|cli)/' },
    },
    {
      name: 'contracts-below-broker',
      severity: 'error',
      comment: 'contracts/ is used by the broker and the CLI, never the other way round.',
      from: { path: '^contracts/' },
      to: { path: '^(broker|cli)/' },
    },
    {
      name: 'broker-not-cli',
      severity: 'error',
      comment: 'The broker knows nothing of the command line.',
      from: { path: '^broker/' },
      to: { path: '^cli/' },
    },
    {
      name: 'cli-talks-http',
      severity: 'error',
      comment:
        'The CLI talks to the broker over HTTP; only `rollgate serve` loads the server (server.ts, and the typed ' +
        'error it reports as a usage error).',
      from: { path: '^cli/', pathNot: '^cli/src/commands/(serve|export|import|clean)\\.ts$' },
      to: { path: '^broker/' },
    },
    {
      name: 'cli-serve-only-server',
      severity: 'error',
      comment: '`rollgate serve` starts the broker through server.ts and nothing deeper.',
      from: { path: '^cli/src/commands/serve\\.ts$' },
      to: { path: '^broker/', pathNot: `${SRC}server\\.ts$|${SRC}auth/settings\\.ts$` },
    },
    {
      name: 'cli-tools-only-tools',
      severity: 'error',
      comment: '`rollgate export`, `import` and `clean` open the database through tools.ts and nothing deeper.',
      from: { path: '^cli/src/commands/(export|import|clean)\\.ts$' },
      to: { path: '^broker/', pathNot: `${SRC}tools\\.ts$` },
    },
    {
      name: 'server-is-the-root',
      severity: 'error',
      comment: 'server.ts wires the broker; nothing inside the broker imports it.',
      from: { path: '^broker/' },
      to: { path: `${SRC}server\\.ts$` },
    },

    // Layers inside the broker: http -> domain -> repositories -> storage.
    {
      name: 'http-no-repositories',
      severity: 'error',
      comment: 'Handlers validate, call one domain program and present: no repository import.',
      from: { path: `${SRC}http/` },
      to: { path: `${SRC}repositories/` },
    },
    {
      name: 'http-no-sql',
      severity: 'error',
      comment: 'Handlers write no SQL and no storage programs; only the Store port is wired through them.',
      from: { path: `${SRC}http/` },
      to: { path: `${SRC}storage/`, pathNot: `${SRC}storage/port\\.ts$` },
    },
    {
      name: 'domain-not-up',
      severity: 'error',
      comment: 'Domain programs know nothing of HTTP and never import a slice (slices subscribe to domain hooks).',
      from: { path: `${SRC}domain/` },
      to: { path: `${SRC}http/|${SLICES}` },
    },
    {
      name: 'repositories-not-up',
      severity: 'error',
      comment: 'Repositories are SQL programs over storage: no domain rules, no HTTP, no slice.',
      from: { path: `${SRC}repositories/` },
      to: { path: `${SRC}(http|domain)/|${SLICES}` },
    },
    {
      name: 'storage-is-the-bottom',
      severity: 'error',
      comment: 'Storage runs programs; it imports no layer above it.',
      from: { path: `${SRC}storage/` },
      to: { path: `${SRC}(http|domain|repositories|gate)/|${SLICES}` },
    },
    {
      name: 'gate-is-pure',
      severity: 'error',
      comment:
        'gate/ decides from values it is given: no storage, no HTTP, no repositories, no domain I/O, no slice. ' +
        'It may use contracts/ and matchers/ types.',
      from: { path: `${SRC}gate/` },
      to: { path: `${SRC}(http|domain|repositories|storage|context)/|${SLICES}|${SRC}config\\.ts$` },
    },
    {
      name: 'gate-no-io',
      severity: 'error',
      comment: 'gate/ does no I/O of its own.',
      from: { path: `${SRC}gate/` },
      to: {
        dependencyTypes: ['core', 'npm'],
        path: '^(node:)?(fs|net|http|https|dns|child_process|worker_threads)$|^pg$|^better-sqlite3$',
      },
    },
    {
      name: 'slices-not-into-http',
      severity: 'error',
      comment:
        'webhooks, audit, auth, ui, queue, events, precompute and retention are vertical slices: they may use domain, repositories and storage, ' +
        "never http's internals (what handlers and pages share lives in a neutral module).",
      from: { path: SLICES },
      to: { path: `${SRC}http/` },
    },
    {
      name: 'neutral-stays-neutral',
      severity: 'error',
      comment: 'config, errors, messages, context and links are used by every layer, so they import none of them.',
      from: { path: NEUTRAL },
      to: {
        path: `${SRC}(http|domain|repositories|storage|gate)/|${SRC}(webhooks|audit|ui|queue|events|precompute|retention)/`,
      },
    },
    {
      name: 'deps-not-into-http',
      severity: 'error',
      comment: 'deps.ts is what handlers, pages and workers share: it names no HTTP internals.',
      from: { path: `${SRC}deps\\.ts$` },
      to: { path: `${SRC}http/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|fixtures|docs)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mjs', '.js', '.cjs', '.d.ts'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
