/**
 * Every user-facing text the broker says, by id: notices, reasons and errors. Code refers to ids
 * and passes arguments; wording lives only here.
 */
type Args = Record<string, string | number | undefined>;

const catalogue = {
  'version.created': (a: Args) =>
    `Created ${a.pacticipant} version ${a.version}${a.branch ? ` with branch ${a.branch}` : ''}${a.tags ? `${a.branch ? ' and' : ' with'} tags ${a.tags}` : ''}`,
  'version.exists': (a: Args) =>
    `Version ${a.version} of ${a.pacticipant} already exists${a.branch ? `, added to branch ${a.branch}` : ''}${a.tags ? `, tagged ${a.tags}` : ''}`,
  'pact.created': (a: Args) =>
    `Pact successfully published for ${a.consumer} version ${a.version} and provider ${a.provider}.`,
  'pact.same': (a: Args) =>
    `Pact for ${a.consumer} version ${a.version} and provider ${a.provider} was already published with the same content.`,
  'pact.overwritten': (a: Args) =>
    `Pact for ${a.consumer} version ${a.version} and provider ${a.provider} was overwritten (the server allows contract modification).`,
  'pact.merged': (a: Args) =>
    `Pact for ${a.consumer} version ${a.version} and provider ${a.provider} was merged with the ${a.count} interaction(s) already published.`,
  'publish.consumer-mismatch': (a: Args) => `"${a.consumer}" must match pacticipantName "${a.pacticipant}"`,
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
  'pacticipant.not-found': (a: Args) => `Pacticipant ${a.name} not found`,
  'pacticipant.has-history': (a: Args) => `${a.name} has deployment or release history and cannot be deleted`,
  'label.not-found': (a: Args) => `${a.pacticipant} has no label ${a.label}`,
  'version.not-found': (a: Args) => `Version ${a.version} of ${a.pacticipant} not found`,
  'deployment.only-undeploy': () => 'currentlyDeployed can only be set to false (record a new deployment instead)',
  'release.only-end-support': () => 'currentlySupported can only be set to false',
  'deployed-version.not-found': (a: Args) => `Deployed version ${a.uuid} not found`,
  'released-version.not-found': (a: Args) => `Released version ${a.uuid} not found`,
  'version.has-history': (a: Args) =>
    `${a.pacticipant} version ${a.version} was deployed or released and cannot be deleted`,
  'tag.not-found': (a: Args) => `Tag ${a.tag} not found on ${a.pacticipant} version ${a.version}`,
  'branch.not-found': (a: Args) => `Branch ${a.branch} of ${a.pacticipant} not found`,
  'branch.no-versions': (a: Args) => `No version of ${a.pacticipant} on branch ${a.branch}`,
  'environment.not-found': (a: Args) => `Environment ${a.name} not found`,
  'environment.in-use': (a: Args) =>
    `Environment ${a.name} has deployment or release history and cannot be deleted (rollback analysis depends on it).`,
  'environment.name-taken': (a: Args) => `Another environment is already named ${a.name}`,
  'environment.uuid-taken': (a: Args) => `An environment with UUID ${a.uuid} already exists`,
  'provider-contract.published': (a: Args) =>
    `Provider contract for ${a.provider} version ${a.version} published${a.success === undefined ? '' : ` with a ${a.success ? 'successful' : 'failed'} self-verification`}.`,
  'provider-contract.not-found': (a: Args) =>
    `No provider contract was published for ${a.provider} version ${a.version}`,
  'provider-contract.no-document': (a: Args) => `${a.provider} version ${a.version} has no OpenAPI document`,
  'verification.not-found': (a: Args) =>
    `Verification result ${a.id} not found for the pact between ${a.consumer} and ${a.provider} (pact version ${a.sha})`,
  'verification.none-for-pact-version': (a: Args) =>
    `No verification result has been published for pact version ${a.sha}`,
  'verification.published': (a: Args) =>
    `Verification result published for ${a.consumer} and ${a.provider} version ${a.version}.`,
  'input.required': () => 'is required',
  'input.does-not-match-url': (a: Args) => `"${a.value}" does not match the ${a.what} in the URL ("${a.url}")`,
  'matrix.listing-limited': (a: Args) =>
    `Listing ${a.listed} of ${a.rows} rows (limit ${a.limit}); the answer considers every row`,
  'webhook.not-found': (a: Args) => `No webhook with uuid ${a.uuid} was found`,
  'webhook.exists': (a: Args) => `a webhook with uuid ${a.uuid} already exists: PUT /webhooks/${a.uuid} to update it`,
  'webhook.bad-uuid': () => 'must be letters, digits, dashes and underscores',
  'webhook.trigger-not-found': (a: Args) => `No triggered webhook with uuid ${a.uuid} was found`,
  'verification.id-not-found': () => 'No verification result with that id was found',
  'http.no-resource': (a: Args) => `No resource at ${a.method} ${a.path}`,
  'http.method-not-allowed': (a: Args) => `${a.method} is not allowed at ${a.path} (allowed: ${a.allow})`,
  'http.bad-path-parameter': (a: Args) => `Failed to decode param '${a.value}'`,
} as const;

export type MessageId = keyof typeof catalogue;

export function message(id: MessageId, args: Args = {}): string {
  return catalogue[id](args);
}
