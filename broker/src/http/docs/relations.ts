/**
 * The short page `/doc/{rel}` answers for each relation the index (and a pact) advertises through its HAL curies, as
 * the Pact Broker's doc controller does: what the resource is, which methods it takes, what to send. This is
 * documentation, kept beside the route table; docs/api.md is the full reference. The relation name is the part after
 * the curie prefix (`pb:publish-pact` -> `publish-pact`); several relations may share a page.
 */
export interface RelationDoc {
  title: string;
  methods: string[];
  /** The path, as the index advertises it (templated). */
  path: string;
  /** Markdown paragraphs. */
  body: string[];
}

const PAIR = '/pacts/provider/{provider}/consumer/{consumer}';

const listing = (title: string, path: string, what: string): RelationDoc => ({
  title,
  methods: ['GET'],
  path,
  body: [`${what} Each entry links to the pact itself; the listing is HAL JSON.`],
});

const canIDeploy: RelationDoc = {
  title: 'Can I deploy',
  methods: ['GET'],
  path: '/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}',
  body: [
    'Whether a version of a pacticipant can be deployed: `pacticipant`, `version`, and either `environment` (the versions currently deployed or released there) or `to` (a tag, deprecated in favour of environments). `ignore[]=name` or `ignore[][pacticipant]=&ignore[][version]=` leaves pacticipants out.',
    "The answer is the matrix body: `summary.deployable` is `true`, `false`, or `null` when something is unknown; `notices` say why, and each row carries rollgate's `verdict` and `evidence`. The `rollgate can-i-deploy` and `pact-broker can-i-deploy` commands ask `/matrix` with the same parameters.",
  ],
};

const webhooks: RelationDoc = {
  title: 'Webhooks',
  methods: ['GET', 'POST'],
  path: '/webhooks',
  body: [
    'The webhooks of the broker. `POST` a webhook: `{description?, consumer?: {name}|{label}, provider?: {name}|{label}, events: [{name}], request: {method, url, headers?, body?}, enabled?}`. Events: `contract_published`, `contract_content_changed`, `contract_requiring_verification_published`, `provider_verification_published`, `provider_verification_succeeded`, `provider_verification_failed`.',
    'Each webhook is a resource (`GET`, `PUT`, `DELETE` `/webhooks/{uuid}`, `POST .../execute` to try it). `${pactbroker.*}` variables are filled in from the event. Delivery retries from a durable queue; egress is restricted (docs/security.md).',
  ],
};

const pacticipant: RelationDoc = {
  title: 'Pacticipant',
  methods: ['GET', 'PUT', 'PATCH', 'DELETE'],
  path: '/pacticipants/{pacticipant}',
  body: [
    'An application that takes part in contracts, as consumer, provider or both: `name`, `displayName`, `mainBranch`, `repositoryUrl`. `PUT` and `PATCH` create or update it; `DELETE` is refused (409) while it has deployment history.',
    'It links to its versions, branches, labels and latest version.',
  ],
};

const forVerification: RelationDoc = {
  title: 'Pacts for verification',
  methods: ['GET', 'POST'],
  path: '/pacts/provider/{provider}/for-verification',
  body: [
    '`POST` `{consumerVersionSelectors: [...], providerVersionBranch?, providerVersionTags?, includePendingStatus?, includeWipPactsSince?}` and get the pacts this provider build should verify, each with `verificationProperties {pending, wip?, notices}`. Selectors: `mainBranch`, `branch`, `matchingBranch`, `fallbackBranch`, `tag` (+`latest`, `fallbackTag`), `deployed`, `released`, `deployedOrReleased`, `environment`, `consumer`; the defaults apply when none are given.',
    "Fetch each pact by the URL given: its metadata records why it was selected, and a result published through a work-in-progress pact's URL counts in the matrix but does not end the pact's WIP status. `GET` answers with the link to `POST` to.",
  ],
};

export const RELATION_DOCS: Record<string, RelationDoc> = {
  self: {
    title: 'Index',
    methods: ['GET'],
    path: '/',
    body: ['The entry point: every relation a client navigates by. Browsers asking for HTML get the overview page.'],
  },
  'publish-pact': {
    title: 'Publish a pact',
    methods: ['GET', 'PUT', 'PATCH'],
    path: `${PAIR}/version/{consumerApplicationVersion}`,
    body: [
      "`PUT` a pact file for a consumer version (201 new, 200 the same content again); `PATCH` merges its interactions into the pact already there. The consumer and provider come from the path (a body without their names is accepted); content no verifier could verify is refused with the same messages as the CLI's. Different content for a version already published is a 409.",
      'Prefer `pb:publish-contracts`, which publishes every pact of a consumer version with its branch and tags in one request.',
    ],
  },
  'publish-contracts': {
    title: 'Publish contracts',
    methods: ['POST'],
    path: '/contracts/publish',
    body: [
      '`POST` `{pacticipantName, pacticipantVersionNumber, branch?, tags?, buildUrl?, contracts: [{consumerName, providerName, specification: "pact", contentType: "application/json", content: base64}]}`: what `pact-broker publish` sends. The answer lists what happened in `notices` and links the published contracts.',
    ],
  },
  'latest-pact-versions': listing('Latest pact versions', '/pacts/latest', 'The latest pact of every integration.'),
  'tagged-pact-versions': listing(
    'Pact versions with a tag',
    `${PAIR}/tag/{tag}`,
    'Every version of the pact between the consumer and provider whose consumer version has the tag.',
  ),
  'branch-pact-versions': listing(
    'Pact versions of a branch',
    `${PAIR}/branch/{branch}`,
    'Every version of the pact from consumer versions on the branch.',
  ),
  'latest-branch-pact-versions': listing(
    'Latest pact of a branch',
    `${PAIR}/branch/{branch}/latest/versions`,
    'The latest pact from the consumer versions on the branch.',
  ),
  'main-branch-pact-versions': listing(
    'Pact versions of the main branch',
    `${PAIR}/branch/versions`,
    "Every version of the pact from the consumer's main branch.",
  ),
  'latest-main-branch-pact-versions': listing(
    'Latest pact of the main branch',
    `${PAIR}/branch/latest/versions`,
    "The latest pact from the consumer's main branch.",
  ),
  'provider-pacts-with-main-branch': listing(
    "Provider pacts from the consumers' main branches",
    '/pacts/provider/{provider}/branch',
    "Every pact with the provider from its consumers' main branches.",
  ),
  'provider-pacts-with-branch': listing(
    'Provider pacts from a branch',
    '/pacts/provider/{provider}/branch/{branch}',
    'Every pact with the provider from consumer versions on the branch.',
  ),
  'latest-provider-pacts-with-main-branch': listing(
    "Latest provider pacts from the consumers' main branches",
    '/pacts/provider/{provider}/branch/latest',
    "The latest pact of each consumer's main branch with the provider.",
  ),
  'latest-provider-pacts-with-branch': listing(
    'Latest provider pacts from a branch',
    '/pacts/provider/{provider}/branch/{branch}/latest',
    'The latest pact of each consumer with the provider from the branch.',
  ),
  pacticipants: {
    title: 'Pacticipants',
    methods: ['GET', 'POST'],
    path: '/pacticipants',
    body: [
      'Every pacticipant, paginated (`pageNumber`, `pageSize`). `POST` `{name, displayName?, mainBranch?, repositoryUrl?}` creates one.',
    ],
  },
  pacticipant,
  'latest-provider-pacts': listing(
    'Latest provider pacts',
    '/pacts/provider/{provider}/latest',
    'The latest pact of each consumer with the provider.',
  ),
  'latest-provider-pacts-with-tag': listing(
    'Latest provider pacts with a tag',
    '/pacts/provider/{provider}/latest/{tag}',
    'The latest pact of each consumer with the provider among consumer versions with the tag.',
  ),
  'provider-pacts-with-tag': listing(
    'Provider pacts with a tag',
    '/pacts/provider/{provider}/tag/{tag}',
    'Every pact with the provider from consumer versions with the tag.',
  ),
  'provider-pacts': listing('Provider pacts', '/pacts/provider/{provider}', 'Every pact version with the provider.'),
  'latest-version': {
    title: 'Latest version',
    methods: ['GET'],
    path: '/pacticipants/{pacticipant}/latest-version',
    body: ['The latest version of the pacticipant, in creation order (never semantic-version order).'],
  },
  'latest-tagged-version': {
    title: 'Latest version with a tag',
    methods: ['GET'],
    path: '/pacticipants/{pacticipant}/latest-version/{tag}',
    body: ['The latest version of the pacticipant that has the tag.'],
  },
  webhooks,
  webhook: { ...webhooks, title: 'Webhook', methods: ['GET', 'PUT', 'DELETE'], path: '/webhooks/{uuid}' },
  integrations: {
    title: 'Integrations',
    methods: ['GET'],
    path: '/integrations',
    body: ['Every consumer and provider pair that has a pact, with links to its latest pact and matrix.'],
  },
  'pacticipant-version-tag': {
    title: 'Version tag',
    methods: ['GET', 'PUT', 'DELETE'],
    path: '/pacticipants/{pacticipant}/versions/{version}/tags/{tag}',
    body: [
      '`PUT` tags the version (creating the pacticipant and version when missing); `DELETE` removes the tag. Branches and environments are the newer way to say the same.',
    ],
  },
  'pacticipant-branch': {
    title: 'Branch',
    methods: ['GET', 'DELETE'],
    path: '/pacticipants/{pacticipant}/branches/{branch}',
    body: [
      'A branch of the pacticipant, with links to its versions and latest version. `DELETE` removes the branch, not its versions.',
    ],
  },
  'pacticipant-branch-version': {
    title: 'Branch version',
    methods: ['GET', 'PUT'],
    path: '/pacticipants/{pacticipant}/branches/{branch}/versions/{version}',
    body: [
      '`PUT` adds the version to the branch (creating both when missing), as the Verifier does before it publishes results.',
    ],
  },
  'pacticipant-version': {
    title: 'Pacticipant version',
    methods: ['GET', 'PUT', 'PATCH', 'DELETE'],
    path: '/pacticipants/{pacticipant}/versions/{version}',
    body: [
      'A version of a pacticipant: `branch`, `buildUrl`, `tags`, with one `pb:record-deployment` and one `pb:record-release` link per environment. `DELETE` is refused (409) once it was deployed or released.',
    ],
  },
  metrics: {
    title: 'Metrics',
    methods: ['GET'],
    path: '/metrics',
    body: [
      'Counts of pacticipants, versions, pacts, verifications and more: Prometheus text, or JSON for clients that ask for JSON.',
    ],
  },
  'can-i-deploy-pacticipant-version-to-tag': canIDeploy,
  'can-i-deploy-pacticipant-version-to-environment': canIDeploy,
  'provider-pacts-for-verification': forVerification,
  environments: {
    title: 'Environments',
    methods: ['GET', 'POST'],
    path: '/environments',
    body: [
      'Where versions are deployed or released. `POST` `{name, displayName?, production, contacts?}`; `?name=` filters.',
    ],
  },
  environment: {
    title: 'Environment',
    methods: ['GET', 'PUT', 'DELETE'],
    path: '/environments/{uuid}',
    body: [
      'One environment, with links to what is currently deployed and released there. `DELETE` is refused (409) while it has deployment or release history.',
    ],
  },
  'publish-provider-contract': {
    title: 'Publish a provider contract',
    methods: ['POST'],
    path: '/provider-contracts/provider/{provider}/publish',
    body: [
      '`POST` an OpenAPI document with its self-verification (what `pactflow publish-provider-contract` sends): `{pacticipantVersionNumber, branch?, tags?, contract: {content: base64, contentType, specification: "oas", selfVerificationResults?}}`. rollgate compares consumers\' pacts with it, and a compatible, self-verified document is evidence for can-i-deploy. Content that is no OpenAPI document is stored as given (as PactFlow does) with a warning notice, and is never compared: its pairs stay unknown.',
    ],
  },
  'can-i-rollback': {
    title: 'Can I roll back',
    methods: ['GET'],
    path: '/can-i-rollback?environment={environment}',
    body: [
      'Whether services of an environment can go back to the versions deployed there before: `environment`, `pacticipant` (repeatable), `steps`, `ignore`. Without pacticipants, which services can roll back alone and which need companions. See docs/api.md.',
    ],
  },
  // A pact's relations (curie context=pact).
  'publish-verification-results': {
    title: 'Publish verification results',
    methods: ['POST'],
    path: `${PAIR}/pact-version/{sha}/verification-results`,
    body: [
      '`POST` `{success, providerApplicationVersion, buildUrl?, testResults?, verifiedBy?}`. The result belongs to the pact content and the provider version (created when missing). Publish to the link of the pact URL you fetched: it keeps what pacts for verification said about it.',
    ],
  },
  'latest-pact-version': {
    title: 'Latest pact',
    methods: ['GET'],
    path: `${PAIR}/latest`,
    body: ['The latest pact between the consumer and provider, in creation order.'],
  },
  'pact-version': {
    title: 'Pact version',
    methods: ['GET'],
    path: `${PAIR}/pact-version/{sha}`,
    body: [
      'A pact by its content: every consumer version that published the same content shares it, and its verification results.',
    ],
  },
  consumer: { ...pacticipant, title: 'Consumer' },
  provider: { ...pacticipant, title: 'Provider' },
  'consumer-version': {
    title: 'Consumer version',
    methods: ['GET'],
    path: '/pacticipants/{pacticipant}/versions/{version}',
    body: ['The consumer version that published this pact.'],
  },
  'all-pact-versions': listing(
    'All pact versions',
    `${PAIR}/versions`,
    'Every version of the pact between the consumer and provider.',
  ),
  'latest-untagged-pact-version': {
    title: 'Latest untagged pact',
    methods: ['GET'],
    path: `${PAIR}/latest-untagged`,
    body: ['The latest pact from a consumer version without tags.'],
  },
  'latest-tagged-pact-version': {
    title: 'Latest pact with a tag',
    methods: ['GET'],
    path: `${PAIR}/latest/{tag}`,
    body: ['The latest pact from a consumer version with the tag.'],
  },
  'previous-distinct': {
    title: 'Previous distinct pact',
    methods: ['GET'],
    path: `${PAIR}/version/{version}/previous-distinct`,
    body: ['The latest earlier pact with different content.'],
  },
  'diff-previous-distinct': {
    title: 'Diff with the previous distinct pact',
    methods: ['GET'],
    path: `${PAIR}/version/{version}/diff/previous-distinct`,
    body: ['The changes since the latest earlier pact with different content, as text.'],
  },
  'latest-verification-results': {
    title: 'Latest verification result',
    methods: ['GET'],
    path: `${PAIR}/pact-version/{sha}/verification-results/latest`,
    body: ['The newest verification result of this pact content.'],
  },
  diff: {
    title: 'Diff with another pact version',
    methods: ['GET'],
    path: `${PAIR}/pact-version/{sha}/diff/pact-version/{pactVersion}`,
    body: ['The changes between this pact content and another, as text.'],
  },
  'matrix-for-consumer-version': {
    title: 'Matrix of this consumer version',
    methods: ['GET'],
    path: '/matrix?q[][pacticipant]={consumer}&q[][version]={version}&latestby=cvpv',
    body: [
      'The matrix rows of the consumer version that published this pact: every provider version that verified it, with the verdict.',
    ],
  },
  'tag-version': {
    title: 'Tag the consumer version',
    methods: ['PUT'],
    path: '/pacticipants/{consumer}/versions/{version}/tags/{tag}',
    body: ['`PUT` adds a tag to the consumer version that published this pact.'],
  },
  matrix: {
    title: 'Matrix',
    methods: ['GET'],
    path: '/matrix?q[][pacticipant]={pacticipant}&q[][version]={version}',
    body: [
      'Which versions were verified with which: `q[][pacticipant]`, `q[][version]` (or `latest`, `tag`, `branch`, `mainBranch`, `environment`), `latestby=cvp|cvpv`, a destination (`environment`, `latest=true&tag=`, `mainBranch=true`), `ignore[]`. Without `latestby` it is the history: every verification its own row, paged.',
    ],
  },
};
