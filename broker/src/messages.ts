/**
 * Every user-facing text the broker says, by id: notices, errors and the problems of a 400. Code refers
 * to ids and passes arguments; wording lives only here. (The gates' typed reasons are rendered by their
 * own catalogues, gate/matrix/catalogue.ts and gate/rollback/reasons.ts; pact validation's by contracts/.)
 *
 * A problem of a 400 is worded to follow its field path ("pageSize: must be a whole number from 1").
 */
type Args = Record<string, string | number | undefined>;

const PENDING_DOCS = 'Read more at https://docs.pact.io/go/pending';

const catalogue = {
  // Versions, pacticipants, labels, tags, branches.
  'version.created': (a: Args) =>
    `Created ${a.pacticipant} version ${a.version}${a.branch ? ` with branch ${a.branch}` : ''}${a.tags ? `${a.branch ? ' and' : ' with'} tags ${a.tags}` : ''}`,
  'version.exists': (a: Args) =>
    `Version ${a.version} of ${a.pacticipant} already exists${a.branch ? `, added to branch ${a.branch}` : ''}${a.tags ? `, tagged ${a.tags}` : ''}`,
  'version.not-found': (a: Args) => `Version ${a.version} of ${a.pacticipant} not found`,
  'label.too-long': (a: Args) => `is ${a.length} characters long; at most ${a.max} are accepted`,
  'pacticipant.not-found': (a: Args) => `Pacticipant ${a.name} not found`,
  // The service graph page (issue 19).
  'graph.hops': (a: Args) =>
    `must be 0, 1 or 2: how many hops ${a.direction} from the focused service to show (got ${JSON.stringify(a.value)})`,
  'graph.view': (a: Args) => `must be "summary" or "graph" (got ${JSON.stringify(a.value)})`,
  'label.not-found': (a: Args) => `${a.pacticipant} has no label ${a.label}`,
  'migration.not-found': (a: Args) => `${a.pacticipant} version ${a.version} has no migration ${a.id}`,
  'migration.changed': (a: Args) =>
    `${a.pacticipant} version ${a.version} already has migration ${a.id}, ${a.recorded}; it cannot become ${a.sent}. A migration's reversibility never changes: record the change under a new id (an admin may delete the old one)`,
  'migration.bad-id': (a: Args) => `must be a single line of 1 to ${a.max} characters`,
  'migration.down-required': () => 'a reversible migration needs "down": the command or runbook line that reverts it',
  'migration.down-forbidden': () => 'an irreversible migration has no "down": leave it out, or set "reversible": true',
  'requirement.not-found': (a: Args) =>
    `${a.pacticipant} version ${a.version} declares no requirement on ${a.requires}`,
  'requirement.one-of': () => 'give exactly one of "atLeast" (a version) and "range" (a semver range)',
  'requirement.bad-range': (a: Args) =>
    `${a.range} is not a semver range (see https://github.com/npm/node-semver#ranges)`,
  'requirement.satisfied': (a: Args) =>
    `${a.consumer} ${a.consumerVersion} declares it requires ${a.provider} ${a.requirement}: ${a.providerVersion} is`,
  'requirement.unsatisfied': (a: Args) =>
    `${a.consumer} ${a.consumerVersion} declares it requires ${a.provider} ${a.requirement}: ${a.providerVersion} is not`,
  'requirement.undecided': (a: Args) =>
    `${a.consumer} ${a.consumerVersion} declares it requires ${a.provider} ${a.requirement}: whether ${a.providerVersion} is cannot be told (not semver, and not both on ${a.provider}'s main branch)`,
  'tag.not-found': (a: Args) => `Tag ${a.tag} not found on ${a.pacticipant} version ${a.version}`,
  'branch.not-found': (a: Args) => `Branch ${a.branch} of ${a.pacticipant} not found`,
  'branch.no-versions': (a: Args) => `No version of ${a.pacticipant} on branch ${a.branch}`,

  // HAL documentation pages (/doc/{rel}).
  'doc.title': (a: Args) => `${a.title} (${a.rel})`,
  'doc.methods': (a: Args) => `Allowed methods: ${a.methods}`,
  'doc.path': (a: Args) => `Path: ${a.path}`,
  'doc.see-also': () => 'The whole API: docs/api.md. Start from the index, GET /.',
  'doc.not-found': (a: Args) => `No documentation for the relation ${a.rel}. The index (GET /) lists every relation.`,

  // Pacts.
  'pact.nothing-to-verify': (a: Args) =>
    `The pact between ${a.consumer} version ${a.version} and ${a.provider} has no interactions: there is nothing for ${a.provider} to verify`,
  'pact.created': (a: Args) =>
    `Pact successfully published for ${a.consumer} version ${a.version} and provider ${a.provider}.`,
  'pact.same': (a: Args) =>
    `Pact for ${a.consumer} version ${a.version} and provider ${a.provider} was already published with the same content.`,
  'pact.overwritten': (a: Args) =>
    `Pact for ${a.consumer} version ${a.version} and provider ${a.provider} was overwritten (the server allows contract modification).`,
  'pact.merged': (a: Args) =>
    `Pact for ${a.consumer} version ${a.version} and provider ${a.provider} was merged with the ${a.count} interaction(s) already published.`,
  'pact.view': (a: Args) => `View the published pact at ${a.url}`,
  'pact.conflict': (a: Args) =>
    `Cannot change the content of the pact for ${a.consumer} version ${a.version} and provider ${a.provider}: a consumer version's pact is fixed once published. ` +
    'Publish a new consumer version (for example the git SHA of the change), or ask the broker operator to allow contract modification.',
  'pact.merge-conflict': (a: Args) =>
    `Cannot merge the pact for ${a.consumer} version ${a.version} and provider ${a.provider}: interaction "${a.description}" is already published with different content.`,
  'pact.not-found': (a: Args) =>
    `No pact found between ${a.consumer}${a.version ? ` version ${a.version}` : ''} and ${a.provider}${a.selector ? ` (${a.selector})` : ''}.`,
  'pact.no-previous-distinct': (a: Args) =>
    `No previous distinct version of the pact between ${a.consumer} and ${a.provider} was found`,
  'pact.too-many-entries': (a: Args) => `has ${a.count} entries, more than the limit of ${a.max} per pact`,
  'pact.names-other-pacticipant': (a: Args) => `is "${a.actual}" but the request names ${a.role} "${a.expected}"`,
  'publish.consumer-mismatch': (a: Args) => `"${a.consumer}" must match pacticipantName "${a.pacticipant}"`,

  // Verifications and pacts for verification.
  'verification.published': (a: Args) =>
    `Verification result published for ${a.consumer} and ${a.provider} version ${a.version}.`,
  'verification.not-found': (a: Args) =>
    `Verification result ${a.id} not found for the pact between ${a.consumer} and ${a.provider} (pact version ${a.sha})`,
  'verification.none-for-pact-version': (a: Args) =>
    `No verification result has been published for pact version ${a.sha}`,
  'verification.id-not-found': () => 'No verification result with that id was found',
  'pfv.body-not-object': () => 'the request body must be a JSON object',
  'pfv.selector-not-object': () => 'must be an object',
  'pfv.selector-empty': () =>
    'must specify a value for environment or tag or branch, or specify mainBranch=true, matchingBranch=true, latest=true, deployed=true, released=true or deployedOrReleased=true',
  'pfv.main-branch-alone': () =>
    'cannot specify mainBranch=true with any other criteria apart from consumer and latest',
  'pfv.matching-branch-needs-branch': () =>
    'the providerVersionBranch must be specified when matchingBranch=true is used',
  'pfv.tag-and-branch': () => 'cannot specify both a tag and a branch',
  'pfv.branch-and-environment': () =>
    'cannot specify a branch or mainBranch or matchingBranch with an environment, deployed, released or deployedOrReleased',
  'pfv.fallback-tag': () => 'a fallbackTag can only be set if latest is true and a tag is specified',
  'pfv.fallback-branch': () => 'a fallbackBranch can only be set if a branch is specified',
  'pfv.branch-not-latest': () => 'cannot specify a branch, mainBranch or fallbackBranch with latest=false',
  'pfv.one-deployment-kind': () => 'only one of deployed, released or deployedOrReleased may be specified',
  'pfv.latest-and-environment': () =>
    'cannot specify latest=true with an environment, deployed, released or deployedOrReleased',
  'pfv.scope.branch': (a: Args) => `a version of ${a.provider} from branch '${a.branch}'`,
  'pfv.scope.tags': (a: Args) => `a version of ${a.provider} with tag${a.plural ? 's' : ''} ${a.tags}`,
  'pfv.notice.selected': (a: Args) =>
    `The pact at ${a.url} is being verified because the pact content belongs to the consumer version${a.plural ? 's' : ''} matching the following criteria:\n${a.criteria}`,
  'pfv.notice.wip': (a: Args) =>
    `The pact at ${a.url} is being verified because it is a 'work in progress' pact (ie. it is the pact for the ${a.selector} of ${a.consumer} and is still in pending state). ${PENDING_DOCS}`,
  'pfv.notice.rollback': (a: Args) =>
    `The pact at ${a.url} is being verified for rollback readiness: ${a.consumer} version ${a.prior} was deployed to ${a.environment}${a.instance ? ` (instance ${a.instance})` : ''} before the current version ${a.current}, so rolling ${a.consumer} back would bring it back. Its result is pending: a failure will not fail this build, but it is recorded and can-i-rollback uses it.`,
  'pfv.notice.pending': (a: Args) =>
    `This pact is in pending state for this version of ${a.provider} because a successful verification result for ${a.scope} has not yet been published. If this verification fails, it will not cause the overall build to fail. ${PENDING_DOCS}`,
  'pfv.notice.still-pending-unpublished': (a: Args) =>
    `This pact is still in pending state for ${a.scope} as the successful verification results have not yet been published.`,
  'pfv.notice.no-longer-pending': (a: Args) =>
    `This pact is no longer in pending state for ${a.scope}, as a successful verification result has been published. If a verification for ${a.scope} fails in the future, it will fail the build. ${PENDING_DOCS}`,
  'pfv.notice.still-pending-failed': (a: Args) =>
    `This pact is still in pending state for ${a.scope} as a successful verification result has not yet been published. This failure will not cause the overall build to fail.`,
  'pfv.notice.not-pending': (a: Args) =>
    `This pact has previously been successfully verified by ${a.scope}. If this verification fails, it will fail the build. ${PENDING_DOCS}`,

  // Environments, deployments, releases.
  'environment.not-found': (a: Args) => `Environment ${a.name} not found`,
  'environment.in-use': (a: Args) =>
    `Environment ${a.name} has deployment or release history and cannot be deleted (rollback analysis depends on it).`,
  'environment.name-taken': (a: Args) => `Another environment is already named ${a.name}`,
  'environment.uuid-taken': (a: Args) => `An environment with UUID ${a.uuid} already exists`,
  'deployment.only-undeploy': () => 'currentlyDeployed can only be set to false (record a new deployment instead)',
  'release.only-end-support': () => 'currentlySupported can only be set to false',
  'deployed-version.not-found': (a: Args) => `Deployed version ${a.uuid} not found`,
  'released-version.not-found': (a: Args) => `Released version ${a.uuid} not found`,

  // Provider contracts and comparisons.
  'provider-contract.published': (a: Args) =>
    `Provider contract for ${a.provider} version ${a.version} published${a.success === undefined ? '' : ` with a ${a.success ? 'successful' : 'failed'} self-verification`}.`,
  'provider-contract.not-found': (a: Args) =>
    `No provider contract was published for ${a.provider} version ${a.version}`,
  'openapi-changes.against-required': () =>
    'is required: the provider version whose OpenAPI document the changes are measured from (?against=1.0.0)',
  'provider-contract.no-document': (a: Args) => `${a.provider} version ${a.version} has no OpenAPI document`,
  'provider-contract.unreadable-stored': (a: Args) =>
    `The provider contract of ${a.provider} version ${a.version} is not an OpenAPI document (${a.why}): it is stored as given, but no pact can be compared with it, so it is no evidence for can-i-deploy (a verification result still is).`,
  'provider-contract.unreadable': () =>
    "unknown: the provider version's contract is not an OpenAPI document rollgate can read (it was stored as given), so no pact is compared with it; a verification result is the evidence",
  'provider-contract.unreadable-changes': () =>
    'one of the two provider contracts is not an OpenAPI document rollgate can read (it was stored as given): there is nothing to compare',

  // The gates' questions.
  'matrix.listing-limited': (a: Args) =>
    `Listing ${a.listed} of ${a.rows} rows (limit ${a.limit}); the answer considers every row`,
  'matrix.selector-unnamed': () => 'A selector must name a pacticipant: q[][pacticipant]=NAME',
  'matrix.pacticipant-required': () => 'Please specify the pacticipant name',
  'matrix.version-and-latest': (a: Args) =>
    `A version number and latest flag cannot both be specified for ${a.pacticipant}`,
  'matrix.one-selector-kind': (a: Args) =>
    `Only one of version, tag, branch, mainBranch and environment can be specified for ${a.pacticipant}`,
  'matrix.latest-with-environment-of': (a: Args) =>
    `The latest flag cannot be used with an environment (${a.pacticipant})`,
  'matrix.ignore-unnamed': () => 'Please specify the pacticipant name to ignore',
  'matrix.one-destination': () => 'Only one of tag, environment and mainBranch can be given as the destination',
  'matrix.latest-with-environment': () => 'The latest flag cannot be used with an environment',
  'matrix.bad-success': (a: Args) => `success[] must be true, false or blank (got ${a.value})`,
  'matrix.no-selectors': () => 'Please provide 1 or more version selectors.',
  'matrix.too-many-selectors': (a: Args) => `Please provide at most ${a.max} version selectors.`,
  'matrix.bad-latestby': (a: Args) => `latestby must be cvp, cvpv or cp (got ${a.value})`,
  'matrix.bad-limit': () => 'limit must be a whole number of 1 or more',
  'matrix.bad-fail-on-openapi': (a: Args) => `must be ERR or WARN (got ${a.value})`,
  'matrix.fail-on-openapi-needs-environment': () =>
    'needs an environment: breaking changes are measured against the version deployed or released there',
  'matrix.to-or-environment': () => 'Please specify exactly one of to (a tag) and environment',
  'rollback.api-removed-on-rollback': (a: Args) =>
    a.status === 'pending'
      ? `What rolling ${a.provider} back from ${a.from} to ${a.to} removes from its API is not computed yet: clients without a pact may break (ask again shortly)`
      : a.status === 'failed'
        ? `What rolling ${a.provider} back from ${a.from} to ${a.to} removes from its API could not be computed (its OpenAPI documents could not be compared): clients without a pact may break`
        : `Rolling ${a.provider} back from ${a.from} to ${a.to} removes or breaks parts of its API that clients without a pact may use: ${a.changes}${a.more ? `; and ${a.more} more (detail=full lists them)` : ''}`,
  'rollback.api-removed-summary': (a: Args) =>
    `Rolling ${a.provider} back from ${a.from} to ${a.to} removes or breaks ${a.changes} part${a.changes === 1 ? '' : 's'} of its API (${a.used ? `${a.used} used by a known consumer's pact` : 'none used by a known consumer pact'}; clients without a pact may use any); can-i-rollback for ${a.provider} lists them`,
  'rollback.api-change': (a: Args) =>
    `${a.operation ?? 'the document'}${a.field ? ` field ${a.field}` : ''} (${a.level} ${a.rule}; ${a.users ? `used by the pact of ${a.users}` : 'no known consumer pact uses it'})`,
  'rollback.environment-required': () => 'is required: the environment whose services would roll back',
  'rollback.q-not-a-list': () => 'must be a list of selectors: q[][pacticipant]=A&q[][version]=1.0.0',
  'rollback.bad-steps': () => 'must be a whole number from 1 to 100',
  'rollback.steps-without-targets': () =>
    'says how many versions the pacticipants asked about go back (their companions go to their own prior versions): name at least one with pacticipant=',
  'rollback.bad-detail': () => 'must be summary (each service without the pairs behind its reasons) or full',
  'ui.matrix-bad-state': () =>
    'must be unknown, incompatible or compatible (the matrix page keeps the rows and columns with a pair in that state)',
  'rollback.detail-with-targets': () =>
    'is about the any-subset answer (no pacticipant=): a rollback of named pacticipants always lists its pairs',
  'rollback.of-with-summary': () => 'names services whose full reports to show: use it without detail=summary',

  // Webhooks.
  'webhook.not-found': (a: Args) => `No webhook with uuid ${a.uuid} was found`,
  'webhook.pacticipant-unknown': (a: Args) =>
    `does not match an existing pacticipant: no pacticipant is named ${a.name} (create it first, or name pacticipants by label)`,
  'webhook.exists': (a: Args) => `a webhook with uuid ${a.uuid} already exists: PUT /webhooks/${a.uuid} to update it`,
  'webhook.bad-uuid': () => 'must be letters, digits, dashes and underscores',
  'webhook.trigger-not-found': (a: Args) => `No triggered webhook with uuid ${a.uuid} was found`,
  'webhook.bad-uuid-field': () => 'uuid must be letters, digits, dashes and underscores',
  'webhook.unknown-event': (a: Args) => `must be one of ${a.events}`,
  'webhook.events-shape': () => 'events must be a list of {"name": ...}',
  'webhook.no-events': () => 'at least one event is required',
  'webhook.header-name': () => "is not a valid HTTP header name (letters, digits and !#$%&'*+.^_`|~- only)",
  'webhook.header-broker-set': () =>
    'is set by the broker when it sends the webhook (framing and routing headers cannot be given)',
  'webhook.header-line-break': () => 'must not contain a line break (CR or LF): it would start another header',
  'webhook.header-not-latin1': (a: Args) =>
    `contains ${a.char}, which an HTTP header cannot carry (only Latin-1 text): encode it, or move it to the body`,
  'webhook.header-control': (a: Args) => `contains the control character 0x${a.code}`,
  'webhook.header-invalid': (a: Args) => `${a.problem}${a.templated ? ' (with its template values filled in)' : ''}`,
  'webhook.secret-path': () => 'secrets must name headers (headers.<name>) or the body (body, body.<field>)',
  'delivery.bad-header': (a: Args) =>
    `Header ${a.name} cannot be sent once its template values are filled in: ${a.problem}. Nothing was sent`,
  'delivery.header-dropped': (a: Args) => `Header ${a.name} is set by the broker: the webhook's value is not sent`,
  'delivery.not-sent': (a: Args) => `The request could not be sent: ${a.reason}`,
  'delivery.refused': (a: Args) => `Refused by the webhook egress rules: ${a.reason}`,
  'delivery.request-failed': (a: Args) => `Request failed: ${a.reason}`,
  'delivery.unreadable-response': (a: Args) => `Error reading the response: ${a.reason}`,
  'delivery.redirect': (a: Args) => `Redirect to ${a.location} not followed: webhooks never follow redirects`,
  'delivery.failed-status': (a: Args) => `The webhook target answered ${a.status}`,
  'delivery.timed-out': (a: Args) => `timed out after ${a.ms} ms`,
  'egress.bad-url': () => 'the webhook URL is not a valid absolute URL',
  'egress.scheme': (a: Args) => `scheme ${a.scheme} is not allowed for webhooks (allowed: ${a.allowed})`,
  'egress.method': (a: Args) => `method ${a.method} is not allowed for webhooks (allowed: ${a.allowed})`,
  'egress.credentials-in-url': () =>
    'credentials in the webhook URL are not allowed: use request.username and request.password',
  'egress.host-not-allowed': (a: Args) => `host ${a.host} is not in the webhook host allow-list`,
  'egress.dangerous-address': (a: Args) =>
    `host ${a.host} resolves to ${a.address}, a link-local or metadata address, which webhooks may not reach unless it is allowed by name`,
  'egress.non-public-address': (a: Args) =>
    `host ${a.host} resolves to ${a.address}, which is not a public address (list it in the webhook host allow-list to allow it)`,
  'egress.address-not-allowed': (a: Args) =>
    `host ${a.host} resolves to ${a.address}, which is not in the webhook host allow-list`,
  'egress.no-address': (a: Args) => `host ${a.host} did not resolve to any address`,

  'openapi.too-large': (a: Args) =>
    `${a.at}: the document is ${a.size} bytes, more than the limit of ${a.max} (ROLLGATE_MAX_OPENAPI_BYTES)`,
  'openapi.too-many-paths': (a: Args) =>
    `${a.at}: the document ${a.detail} (ROLLGATE_MAX_OPENAPI_PATHS): split it, or raise the limit`,

  'comparison.pending': () => 'unknown (being computed)',
  'comparison.not-queued': () =>
    'unknown: not computed, and no comparison is queued for it (static evidence is off with ROLLGATE_PRECOMPUTE=false, or its job was removed); a verification result is the evidence',
  'subsumption.pending': (a: Args) =>
    `unknown (being computed): checking whether this pact asks nothing that pact version ${a.byPactVersionId} did not, which provider version ${a.providerVersion} verified successfully`,
  'comparison.job-failed': (a: Args) =>
    `unknown: the comparison failed and will not be retried (${a.error}); a verification result is the evidence`,

  // Importing from a Pact Broker (rollgate import --from-pact-broker): errors and the reasons an item is skipped.
  'pb-import.source-failed': (a: Args) => `The Pact Broker at ${a.url} answered ${a.status}: ${a.detail}`,
  'pb-import.invalid-pact': (a: Args) => `not a valid pact: ${a.detail}`,
  'pb-import.gone': () => 'the source no longer has it (404)',
  'pb-import.webhook-invalid': (a: Args) => `not a webhook rollgate accepts: ${a.detail}`,
  'pb-import.webhook-redacted': (a: Args) =>
    `webhook ${a.uuid} imported disabled: the Pact Broker does not return ${a.fields}; set them and enable it`,
  'pb-import.verifications-limited': (a: Args) =>
    `the matrix of ${a.consumer} ${a.version} and ${a.provider} listed ${a.limit} rows, its limit: older verification results of that pact may be missing (raise --matrix-limit)`,

  // Request input.
  'input.required': () => 'is required',
  'input.must-be-string': () => 'must be a string',
  'input.must-be-non-blank-string': () => 'must be a non-blank string',
  'input.must-be-boolean': () => 'must be true or false',
  'input.must-be-array': () => 'must be an array',
  'input.must-be-string-array': () => 'must be an array of strings',
  'input.must-be-date': () => 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time',
  'input.does-not-match-url': (a: Args) => `"${a.value}" does not match the ${a.what} in the URL ("${a.url}")`,
  'input.field-not-string': (a: Args) => `${a.what} must be a string`,
  'input.field-blank': (a: Args) => `${a.what} must not be blank`,
  'input.field-too-long': (a: Args) => `${a.what} must be at most ${a.max} characters`,
  'input.field-multi-line': (a: Args) => `${a.what} must be a single line`,
  'input.field-boolean': (a: Args) => `${a.what} must be true or false`,
  'input.field-base64': (a: Args) => `${a.what} must be a base64 string`,
  'input.field-required': (a: Args) => `${a.what} is required${a.hint ? ` (${a.hint})` : ''}`,
  'input.field-literal': (a: Args) => `${a.what} must be "${a.value}"`,
  'input.field-array': (a: Args) => `${a.what} must be an array`,
  'input.field-non-empty': (a: Args) => `${a.what} must hold at least one ${a.item}`,
  'input.field-url': (a: Args) => `${a.what} must be a URL`,
  'input.field-uuid': (a: Args) => `${a.what} must be letters, digits and dashes`,
  'input.field-no-spaces': (a: Args) => `${a.what} must not contain spaces`,
  'input.contact-name': () => 'contact name must be a string',
  'input.must-be-false': (a: Args) => `${a.what} must be false`,
  'input.page-number-range': () => 'must be a whole number from 1 to 999999999',
  'input.not-base64': () => 'is not valid base64',
  'input.not-utf8': () => 'is not UTF-8 text',
  'input.not-json': (a: Args) => `is not valid JSON: ${a.reason}`,
  'input.lone-surrogate': () => 'contains text that is not valid Unicode (a lone surrogate such as \\ud800)',
  'input.too-deep': (a: Args) =>
    `is nested more than ${a.max} levels deep (the limit of arrays and objects inside each other)`,
  'query.bad-encoding': (a: Args) => `invalid %-encoding in query parameter: ${a.value}`,
  'query.wrong-shape': (a: Args) => `expected ${a.expected} for query parameter '${a.key}'`,
  'query.too-deep': () => 'query parameters are nested too deeply',
  'query.one-of': (a: Args) => `must be one of ${a.values}`,
  'body.too-large-declared': (a: Args) =>
    `request body of ${a.declared} bytes is larger than the limit of ${a.limit} bytes`,
  'body.too-large': (a: Args) => `request body is larger than the limit of ${a.limit} bytes`,
  'body.unsupported-type': (a: Args) => `Content-Type ${a.type} is not supported: send application/json`,
  'body.write-needs-json': (a: Args) =>
    `Content-Type ${a.type} is not accepted for ${a.method}: a write with a body must be sent as application/json (or application/*+json, such as application/merge-patch+json)`,
  'body.bodyless-write-type': (a: Args) =>
    `Content-Type ${a.type} is not accepted for ${a.method} without a body: send application/json or no Content-Type`,
  'body.not-utf8': (a: Args) => `is not valid UTF-8 (byte ${a.offset} starts an invalid sequence)`,
  'body.nul': () => 'must not contain the NUL character (\\u0000)',

  // HTTP.
  'http.no-resource': (a: Args) => `No resource at ${a.method} ${a.path}`,
  'http.method-not-allowed': (a: Args) => `${a.method} is not allowed at ${a.path} (allowed: ${a.allow})`,
  'http.bad-path-parameter': (a: Args) => `Failed to decode param '${a.value}'`,
  'database.statement-timeout': () =>
    'The database took longer than ROLLGATE_DATABASE_STATEMENT_TIMEOUT to answer; nothing was changed. Try again in a moment.',
  'http.internal-error': (a: Args) => `An internal error occurred. Quote reference ${a.reference} when reporting it.`,
  'http.bad-request': () => 'bad request',
  'diagnostics.no-answer': (a: Args) => `no answer within ${a.ms} ms`,

  // Requests from browsers, and the Host header.
  'http.cross-site': (a: Args) =>
    `${a.method} from another site refused (${a.why}): writes are accepted only from API clients and pages of this broker`,
  'http.cross-site-origin': (a: Args) => `Origin ${a.origin}`,
  'http.cross-site-fetch': (a: Args) => `Sec-Fetch-Site ${a.site}`,
  'http.host-not-allowed': (a: Args) =>
    `This broker does not answer for host ${a.host}: add it to ROLLGATE_ALLOWED_HOSTS (or set ROLLGATE_BASE_URL) if it is meant to`,

  // Access control.
  'auth.required': () => 'Authentication required: send "Authorization: Bearer <token>" or HTTP Basic credentials.',
  'auth.malformed': (a: Args) => `Not authenticated: ${a.reason}.`,
  'auth.malformed-header': () => 'the Authorization header is not "Bearer <token>" or "Basic <credentials>"',
  'auth.malformed-basic': () => 'the Basic credentials are not base64 of "user:password"',
  'auth.unsupported-scheme': (a: Args) => `the ${a.scheme} authorization scheme is not supported (use Bearer or Basic)`,
  'auth.unknown-token': () => 'The bearer token is not recognised.',
  'auth.unknown-user': () => 'The user name or password is not recognised.',
  'auth.forbidden': (a: Args) =>
    `${a.who} may not ${a.method} ${a.path}: it needs the ${a.needs} scope (has: ${a.has}).`,
  'auth.config.no-scope': (a: Args) => `${a.where}: needs at least one scope (${a.known})`,
  'auth.config.unknown-scope': (a: Args) => `${a.where}: unknown scope "${a.scope}" (known: ${a.known})`,
  'auth.config.token-entry': (a: Args) => `ROLLGATE_TOKENS entry ${a.n}: expected name:token:scope1+scope2`,
  // Deletes and the version clean (issue 17).
  'rollback-use.entry': (a: Args) =>
    `${a.environment} (${a.version}: ${
      a.role === 'deployed'
        ? 'currently deployed'
        : a.role === 'released'
          ? 'a supported release'
          : a.role === 'prior'
            ? 'the version a rollback returns to'
            : 'deployed or released before'
    })`,
  'delete.needed-by-rollback': (a: Args) =>
    `${a.what} is needed by can-i-rollback in ${a.uses}; an admin can delete it anyway with ?force=true`,
  'version.needed-by-rollback': (a: Args) =>
    `${a.pacticipant} version ${a.version} was deployed or released and cannot be deleted: rollbacks read it in ${a.uses}; an admin can delete it anyway with ?force=true (its deployment history goes with it)`,
  'pacticipant.needed-by-rollback': (a: Args) =>
    `${a.name} has deployment or release history and cannot be deleted: rollbacks read it in ${a.uses}; an admin can delete it anyway with ?force=true (its deployment history goes with it)`,
  'delete.force-admin-only': () =>
    'only an admin without a pacticipant scope may force a delete (?force=true) of what a rollback needs',
  'integration.not-found': (a: Args) => `No integration between ${a.consumer} and ${a.provider} found`,
  'branch-version.not-found': (a: Args) => `${a.pacticipant} version ${a.version} is not on branch ${a.branch}`,
  'clean.selectors-json': (a: Args) => `${a.where} is not JSON: ${a.reason}`,
  'clean.selectors-empty': (a: Args) =>
    `${a.where} is an empty list, which would keep nothing but deployment history; list at least one selector`,
  'clean.selector-shape': (a: Args) =>
    `${a.where} must be an object with at least one of branch, tag, latest, deployed, released, max_age (as the Pact Broker's PACT_BROKER_DATABASE_CLEAN_KEEP_VERSION_SELECTORS)`,
  'clean.selector-key': (a: Args) => `${a.where}: unknown key "${a.key}" (known: ${a.known})`,
  'clean.selector-value': (a: Args) => `${a.where}: ${a.key} must be ${a.expected}, not ${a.value}`,
  'clean.audit-subject': (a: Args) => `${a.n} versions removed by the clean`,
  'clean.config-number': (a: Args) => `${a.name} must be a whole number, 1 or more, not ${a.value}`,
  // Export, import (broker/src/transfer/).
  'transfer.line': (a: Args) => `line ${a.line}: ${a.text}`,
  'transfer.unknown-reference': (a: Args) =>
    `names ${a.what}, which is not in the database (nor earlier in the stream)`,
  'transfer.not-json': (a: Args) => `not a JSON object (${a.reason})`,
  'transfer.no-header': (a: Args) =>
    `the first line is not a rollgate export header ({"type":"header","format":"${a.format}",...}); is this a rollgate export?`,
  'transfer.newer-schema': (a: Args) =>
    `the export has schema version ${a.version}, newer than this rollgate reads (${a.supported}); upgrade rollgate`,
  'transfer.unknown-kind': (a: Args) => `unknown record type ${JSON.stringify(a.type)} (known: ${a.known})`,
  'transfer.bad-record': (a: Args) => `${a.type}: ${a.problems}`,
  'transfer.out-of-order': (a: Args) => `a ${a.type} record after ${a.after} records (the stream order is ${a.order})`,
  'transfer.after-end': () => 'a record after the end record',
  'transfer.read-rerun': () => 'the export was interrupted after lines were written; run it again',
  'transfer.truncated': () => 'the stream ends without its end record: the file is incomplete (an interrupted export?)',
  'transfer.count-mismatch': (a: Args) =>
    `the end record counts ${a.expected} ${a.type} records, the stream holds ${a.got}`,
  'retention.config.days': (a: Args) =>
    `${a.name} must be a number of days, 0 or more (0 keeps everything), not ${a.value}`,
  'auth.config.token-entry-empty': (a: Args) =>
    `ROLLGATE_TOKENS entry ${a.n}: the name and the token must not be empty`,
  'auth.config.unreadable-file': (a: Args) => `cannot read the auth file ${a.file}: ${a.reason}`,
  'auth.config.file-shape': (a: Args) => `auth file ${a.file}: expected a mapping with tokens, basicAuth, publicRead`,
  'auth.config.token-name': (a: Args) => `${a.where}: needs a name`,
  'auth.config.token-secret': (a: Args) => `${a.where}: needs a token, or sha256 (the token's hex SHA-256 digest)`,
  'auth.config.user-secret': (a: Args) => `${a.where}: needs a password, or sha256 (the password's hex SHA-256 digest)`,
  'auth.config.pacticipant-list': (a: Args) => `${a.where}: ${a.field} must be a list of names`,
  'auth.config.pacticipant-empty': (a: Args) =>
    `${a.where}: pacticipants and labels are both empty, so it could write nothing (leave both out for every pacticipant)`,
  'auth.pacticipant-forbidden': (a: Args) =>
    `"${a.who}" may not ${a.method} ${a.path}: it writes ${a.pacticipant}, which is not one of its pacticipants (${a.scope}).`,
  'auth.pacticipant-everyone': () => 'every pacticipant',
  'auth.pacticipant-label': (a: Args) => `the pacticipants labelled ${a.label}`,
  'auth.global-admin-only': (a: Args) =>
    `"${a.who}" may not ${a.method} ${a.path}: it belongs to no pacticipant, so only an admin without a pacticipant scope may.`,
  'auth.config.basic-pair': (a: Args) => `${a.what}: set both the user name and the password`,
  'server.cannot-listen': (a: Args) =>
    `cannot listen on ${a.address}: ${a.code === 'EADDRINUSE' ? 'the port is already in use (is another broker running there?)' : a.code === 'EACCES' ? 'not allowed to use this port' : a.detail}; choose another port with --port or ROLLGATE_PORT`,
  'auth.config.open-non-loopback': (a: Args) =>
    `refusing to listen on ${a.host} without authentication: configure tokens (ROLLGATE_TOKENS or ROLLGATE_AUTH_FILE) or ` +
    'basic auth (ROLLGATE_BASIC_AUTH_USERNAME/PASSWORD), or pass --allow-unauthenticated (ROLLGATE_ALLOW_UNAUTHENTICATED=true) to run open',
} as const;

export type MessageId = keyof typeof catalogue;

export function message(id: MessageId, args: Args = {}): string {
  return catalogue[id](args);
}
