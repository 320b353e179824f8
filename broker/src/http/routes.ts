import { listAudit } from '../audit/http.ts';
import type { Scope } from '../auth/principal.ts';
import { pacticipantOfDeployment, pacticipantOfRelease } from '../domain/deployments/pacticipant-of.ts';
import { environmentPage } from '../ui/pages/environment.ts';
import { gapsRoute } from '../ui/pages/gaps.ts';
import { graphPage } from '../ui/pages/graph.ts';
import { matrixPage } from '../ui/pages/matrix.ts';
import { matrixHistoryPage } from '../ui/pages/matrix-history.ts';
import { overviewPage } from '../ui/pages/overview.ts';
import { pactDiffPage, pactViewPage } from '../ui/pages/pact.ts';
import { pacticipantUiPage } from '../ui/pages/pacticipant.ts';
import { providerContractUiPage } from '../ui/pages/provider-contract.ts';
import { rollbackSafetyPage } from '../ui/pages/rollback-safety.ts';
import { serveAsset, servePage } from '../ui/serve.ts';
import { pacticipantsOfWebhook } from '../webhooks/manage.ts';
import * as badges from './handlers/badges.ts';
import * as cid from './handlers/can-i-deploy.ts';
import { canIRollbackHandler } from './handlers/can-i-rollback.ts';
import { getComparison } from './handlers/comparisons.ts';
import * as dep from './handlers/deployments.ts';
import * as diagnostics from './handlers/diagnostics.ts';
import { getRelationDoc } from './handlers/docs.ts';
import * as env from './handlers/environments.ts';
import { root } from './handlers/index-resource.ts';
import * as integrations from './handlers/integrations.ts';
import * as labels from './handlers/labels.ts';
import * as matrix from './handlers/matrix.ts';
import * as migrations from './handlers/migrations.ts';
import { getMetrics } from './handlers/metrics.ts';
import * as diff from './handlers/pact-diff.ts';
import { listPactsHandler } from './handlers/pact-listings.ts';
import * as pacticipants from './handlers/pacticipants.ts';
import * as pacts from './handlers/pacts.ts';
import * as pfv from './handlers/pacts-for-verification.ts';
import * as requirements from './handlers/requirements.ts';
import * as safety from './handlers/rollback-safety.ts';
import * as pc from './handlers/provider-contracts.ts';
import { publishContracts } from './handlers/publish-contracts.ts';
import * as ver from './handlers/verifications.ts';
import * as versions from './handlers/versions.ts';
import * as webhooks from './handlers/webhooks.ts';
import { body, lookup, param, scopeIn, type Route } from './routing/route.ts';
import { RouteTable } from './routing/table.ts';

const PAIR = '/pacts/provider/:provider/consumer/:consumer';
const PACT_VERSION = `${PAIR}/pact-version/:sha`;
const INTEGRATION = '/integrations/provider/:provider/consumer/:consumer';
const PACTICIPANT = '/pacticipants/:pacticipant';
const VERSION = `${PACTICIPANT}/versions/:version`;

/** The Verifier PUTs the provider version's branch and tags before it publishes results. */
const PUBLISHERS: Scope[] = ['publish-contracts', 'publish-verifications'];
/** A version's migrations and requirements are declared by the pipeline that builds it or the one that deploys it. */
const MIGRATION_WRITERS: Scope[] = ['publish-contracts', 'deploy'];
const OF_PACTICIPANT = [param('pacticipant')];
const OF_WEBHOOK = lookup('the webhook', (store, p) => store.read(() => pacticipantsOfWebhook(p)));
/** A webhook's consumer and provider: `{name}`, `{label}`, or none (every pacticipant). */
const WEBHOOK_BODY = [scopeIn('consumer'), scopeIn('provider')];

/**
 * THE route table: every route the broker answers (API, web pages, audit, metrics), once, with the
 * scope it needs and, for writes, where the pacticipants it writes are named. First match wins.
 * A request no route answers needs `read` (GET/HEAD/OPTIONS) or `admin` (anything else) and gets 404;
 * a known path with another method gets 405 with `Allow` (OPTIONS: 204 with `Allow`).
 */
export const ROUTES: Route[] = [
  { method: 'GET', path: '/diagnostic/status/heartbeat', scope: 'public', handler: () => diagnostics.heartbeat },
  { method: 'GET', path: '/diagnostic/status/dependencies', scope: 'read', handler: diagnostics.dependencies },
  { method: 'GET', path: '/', scope: 'read', handler: root },
  { method: 'GET', path: '/metrics', scope: 'read', handler: getMetrics },
  { method: 'GET', path: '/doc/:rel', scope: 'read', handler: getRelationDoc },
  { method: 'GET', path: '/audit', scope: 'admin', handler: listAudit },

  // Web pages (issue 7): `/` above gives a browser the overview.
  { method: 'GET', path: '/ui/', scope: 'read', handler: servePage(overviewPage) },
  { method: 'GET', path: '/ui/assets/:file', scope: 'read', handler: serveAsset },
  { method: 'GET', path: '/ui/graph', scope: 'read', handler: servePage(graphPage) },
  { method: 'GET', path: '/ui/environments/:environment', scope: 'read', handler: servePage(environmentPage) },
  {
    method: 'GET',
    path: '/ui/environments/:environment/safety',
    scope: 'read',
    handler: servePage(rollbackSafetyPage),
  },
  // Evidence gaps (issue 19): the page, and its export with ?format=csv|json.
  { method: 'GET', path: '/ui/environments/:environment/gaps', scope: 'read', handler: gapsRoute },
  { method: 'GET', path: '/ui/pacticipants/:pacticipant', scope: 'read', handler: servePage(pacticipantUiPage) },
  {
    method: 'GET',
    path: '/ui/matrix/provider/:provider/consumer/:consumer',
    scope: 'read',
    handler: servePage(matrixPage),
  },
  {
    method: 'GET',
    path: '/ui/matrix/provider/:provider/consumer/:consumer/history',
    scope: 'read',
    handler: servePage(matrixHistoryPage),
  },
  {
    method: 'GET',
    path: '/ui/pacts/provider/:provider/consumer/:consumer/version/:version',
    scope: 'read',
    handler: servePage(pactViewPage),
  },
  {
    method: 'GET',
    path: '/ui/provider-contracts/provider/:provider/version/:version',
    scope: 'read',
    handler: servePage(providerContractUiPage),
  },
  {
    method: 'GET',
    path: '/ui/pacts/provider/:provider/consumer/:consumer/diff',
    scope: 'read',
    handler: servePage(pactDiffPage),
  },

  // Publishing pacts.
  {
    method: 'POST',
    path: '/contracts/publish',
    scope: 'publish-contracts',
    handler: publishContracts,
    writes: [body('pacticipantName'), body('contracts[].consumerName')],
  },
  { method: 'GET', path: '/pacts/latest', scope: 'read', handler: pacts.getLatestPacts },
  {
    method: 'PUT',
    path: `${PAIR}/version/:version`,
    scope: 'publish-contracts',
    handler: (d) => pacts.putPact(d, false),
    writes: [param('consumer')],
  },
  {
    method: 'PATCH',
    path: `${PAIR}/version/:version`,
    scope: 'publish-contracts',
    handler: (d) => pacts.putPact(d, true),
    writes: [param('consumer')],
  },
  { method: 'GET', path: `${PAIR}/version/:version`, scope: 'read', handler: pacts.getPactForVersion },
  {
    method: 'DELETE',
    path: `${PAIR}/version/:version`,
    scope: 'admin',
    handler: pacts.deletePactOfVersionHandler,
    writes: [param('consumer')],
  },
  {
    method: 'DELETE',
    path: PAIR,
    scope: 'admin',
    handler: pacts.deletePactsOfPairHandler,
    writes: [param('consumer')],
  },
  { method: 'GET', path: PACT_VERSION, scope: 'read', handler: pacts.getPactByVersionSha },
  { method: 'GET', path: `${PACT_VERSION}/metadata/:metadata`, scope: 'read', handler: pacts.getPactByVersionSha },

  // Verification results.
  {
    method: 'POST',
    path: `${PACT_VERSION}/verification-results`,
    scope: 'publish-verifications',
    handler: ver.postVerification,
    writes: [param('provider')],
  },
  {
    method: 'POST',
    path: `${PACT_VERSION}/metadata/:metadata/verification-results`,
    scope: 'publish-verifications',
    handler: ver.postVerification,
    writes: [param('provider')],
  },
  {
    method: 'GET',
    path: `${PACT_VERSION}/verification-results/latest`,
    scope: 'read',
    handler: ver.getLatestVerification,
  },
  { method: 'GET', path: `${PACT_VERSION}/verification-results/:id`, scope: 'read', handler: ver.getVerification },

  // Rollback safety you can watch (issue 21): kept verdicts, their timeline and badges.
  {
    method: 'GET',
    path: '/rollback-safety/environments/:environment',
    scope: 'read',
    handler: safety.getRollbackSafety,
  },
  {
    method: 'GET',
    path: '/badges/rollback/environments/:environment',
    scope: 'read',
    badge: true,
    handler: safety.environmentSafetyBadge,
  },
  {
    method: 'GET',
    path: '/badges/rollback/environments/:environment/pacticipants/:pacticipant',
    scope: 'read',
    badge: true,
    handler: safety.pacticipantSafetyBadge,
  },

  // Pact listings and badges.
  {
    method: 'GET',
    path: `${PAIR}/latest/badge`,
    scope: 'read',
    badge: true,
    handler: (d) => badges.pactBadge(d, () => ({})),
  },
  {
    method: 'GET',
    path: `${PAIR}/latest/:tag/badge`,
    scope: 'read',
    badge: true,
    handler: (d) => badges.pactBadge(d, (p) => ({ tag: p.tag })),
  },
  {
    method: 'GET',
    path: '/pacts/provider/:provider',
    scope: 'read',
    handler: (d) => listPactsHandler(d, () => ({ latest: true })),
  },
  {
    method: 'GET',
    path: '/pacts/provider/:provider/latest',
    scope: 'read',
    handler: (d) => listPactsHandler(d, () => ({ latest: true })),
  },
  {
    method: 'GET',
    path: '/pacts/provider/:provider/latest/:tag',
    scope: 'read',
    handler: (d) => listPactsHandler(d, (p) => ({ latest: true, tag: p.tag })),
  },
  {
    method: 'GET',
    path: '/pacts/provider/:provider/tag/:tag',
    scope: 'read',
    handler: (d) => listPactsHandler(d, (p) => ({ tag: p.tag })),
  },
  {
    method: 'GET',
    path: '/pacts/provider/:provider/branch',
    scope: 'read',
    handler: (d) => listPactsHandler(d, () => ({ mainBranch: true })),
  },
  {
    method: 'GET',
    path: '/pacts/provider/:provider/branch/latest',
    scope: 'read',
    handler: (d) => listPactsHandler(d, () => ({ mainBranch: true, latest: true })),
  },
  {
    method: 'GET',
    path: '/pacts/provider/:provider/branch/:branch',
    scope: 'read',
    handler: (d) => listPactsHandler(d, (p) => ({ branch: p.branch })),
  },
  {
    method: 'GET',
    path: '/pacts/provider/:provider/branch/:branch/latest',
    scope: 'read',
    handler: (d) => listPactsHandler(d, (p) => ({ branch: p.branch, latest: true })),
  },
  { method: 'GET', path: `${PAIR}/versions`, scope: 'read', handler: (d) => listPactsHandler(d, () => ({})) },
  {
    method: 'GET',
    path: `${PAIR}/tag/:tag`,
    scope: 'read',
    handler: (d) => listPactsHandler(d, (p) => ({ tag: p.tag })),
  },
  {
    method: 'GET',
    path: `${PAIR}/branch/versions`,
    scope: 'read',
    handler: (d) => listPactsHandler(d, () => ({ mainBranch: true })),
  },
  {
    method: 'GET',
    path: `${PAIR}/branch/:branch`,
    scope: 'read',
    handler: (d) => listPactsHandler(d, (p) => ({ branch: p.branch })),
  },
  { method: 'GET', path: `${PAIR}/latest`, scope: 'read', handler: (d) => pacts.getLatestPact(d, () => ({})) },
  {
    method: 'GET',
    path: `${PAIR}/latest-untagged`,
    scope: 'read',
    handler: (d) => pacts.getLatestPact(d, () => ({ untagged: true })),
  },
  {
    method: 'GET',
    path: `${PAIR}/latest/:tag`,
    scope: 'read',
    handler: (d) => pacts.getLatestPact(d, (p) => ({ tag: p.tag })),
  },
  {
    method: 'GET',
    path: `${PAIR}/branch/latest/versions`,
    scope: 'read',
    handler: (d) => pacts.getLatestPact(d, () => ({ mainBranch: true })),
  },
  {
    method: 'GET',
    path: `${PAIR}/branch/:branch/latest/versions`,
    scope: 'read',
    handler: (d) => pacts.getLatestPact(d, (p) => ({ branch: p.branch })),
  },
  {
    method: 'GET',
    path: `${PAIR}/branch/:branch/latest`,
    scope: 'read',
    handler: (d) => pacts.getLatestPact(d, (p) => ({ branch: p.branch })),
  },

  // Pacticipants, labels, versions, tags and branches.
  { method: 'GET', path: '/pacticipants', scope: 'read', handler: pacticipants.listPacticipantsHandler },
  {
    method: 'POST',
    path: '/pacticipants',
    scope: PUBLISHERS,
    handler: (d) => pacticipants.savePacticipant(d, 'post'),
    writes: [body('name')],
  },
  { method: 'GET', path: '/pacticipants/label/:label', scope: 'read', handler: labels.listLabelled },
  { method: 'GET', path: PACTICIPANT, scope: 'read', handler: pacticipants.getPacticipant },
  { method: 'GET', path: `${PACTICIPANT}/labels/:label`, scope: 'read', handler: labels.getLabel },
  {
    method: 'PUT',
    path: `${PACTICIPANT}/labels/:label`,
    scope: 'admin',
    handler: labels.putLabel,
    writes: OF_PACTICIPANT,
  },
  {
    method: 'DELETE',
    path: `${PACTICIPANT}/labels/:label`,
    scope: 'admin',
    handler: labels.deleteLabel,
    writes: OF_PACTICIPANT,
  },
  {
    method: 'PUT',
    path: PACTICIPANT,
    scope: PUBLISHERS,
    handler: (d) => pacticipants.savePacticipant(d, 'put'),
    writes: OF_PACTICIPANT,
  },
  {
    method: 'PATCH',
    path: PACTICIPANT,
    scope: PUBLISHERS,
    handler: (d) => pacticipants.savePacticipant(d, 'patch'),
    writes: OF_PACTICIPANT,
  },
  {
    method: 'DELETE',
    path: PACTICIPANT,
    scope: 'admin',
    handler: pacticipants.deletePacticipantHandler,
    writes: OF_PACTICIPANT,
  },
  { method: 'GET', path: `${PACTICIPANT}/versions`, scope: 'read', handler: versions.listVersionsHandler },
  { method: 'GET', path: VERSION, scope: 'read', handler: versions.getVersion },
  {
    method: 'PUT',
    path: VERSION,
    scope: PUBLISHERS,
    handler: (d) => versions.saveVersion(d, 'put'),
    writes: OF_PACTICIPANT,
  },
  {
    method: 'PATCH',
    path: VERSION,
    scope: PUBLISHERS,
    handler: (d) => versions.saveVersion(d, 'patch'),
    writes: OF_PACTICIPANT,
  },
  { method: 'DELETE', path: VERSION, scope: 'admin', handler: versions.deleteVersionHandler, writes: OF_PACTICIPANT },
  { method: 'GET', path: `${PACTICIPANT}/latest-version`, scope: 'read', handler: versions.getLatestVersion },
  { method: 'GET', path: `${PACTICIPANT}/latest-version/:tag`, scope: 'read', handler: versions.getLatestVersion },
  { method: 'GET', path: `${VERSION}/tags/:tag`, scope: 'read', handler: versions.getTag },
  { method: 'PUT', path: `${VERSION}/tags/:tag`, scope: PUBLISHERS, handler: versions.putTag, writes: OF_PACTICIPANT },
  {
    method: 'DELETE',
    path: `${VERSION}/tags/:tag`,
    scope: 'admin',
    handler: versions.deleteTag,
    writes: OF_PACTICIPANT,
  },
  // Requirements a version declares on other pacticipants (issue 21): evidence `declared` for can-i-rollback.
  { method: 'GET', path: `${VERSION}/requirements`, scope: 'read', handler: requirements.listRequirements },
  { method: 'GET', path: `${VERSION}/requirements/:other`, scope: 'read', handler: requirements.getRequirement },
  {
    method: 'PUT',
    path: `${VERSION}/requirements/:other`,
    scope: MIGRATION_WRITERS,
    handler: requirements.putRequirement,
    writes: OF_PACTICIPANT,
  },
  {
    method: 'DELETE',
    path: `${VERSION}/requirements/:other`,
    scope: 'admin',
    handler: requirements.deleteRequirementHandler,
    writes: OF_PACTICIPANT,
  },
  // Data migrations a version introduced (issue 21): can-i-rollback reads them.
  { method: 'GET', path: `${VERSION}/migrations`, scope: 'read', handler: migrations.listMigrations },
  { method: 'GET', path: `${VERSION}/migrations/:migration`, scope: 'read', handler: migrations.getMigration },
  {
    method: 'PUT',
    path: `${VERSION}/migrations/:migration`,
    scope: MIGRATION_WRITERS,
    handler: migrations.putMigration,
    writes: OF_PACTICIPANT,
  },
  {
    method: 'DELETE',
    path: `${VERSION}/migrations/:migration`,
    scope: 'admin',
    handler: migrations.deleteMigrationHandler,
    writes: OF_PACTICIPANT,
  },
  { method: 'GET', path: `${PACTICIPANT}/branches`, scope: 'read', handler: versions.listBranchesHandler },
  { method: 'GET', path: `${PACTICIPANT}/branches/:branch`, scope: 'read', handler: versions.getBranch },
  {
    method: 'DELETE',
    path: `${PACTICIPANT}/branches/:branch`,
    scope: 'admin',
    handler: versions.deleteBranchHandler,
    writes: OF_PACTICIPANT,
  },
  {
    method: 'GET',
    path: `${PACTICIPANT}/branches/:branch/versions`,
    scope: 'read',
    handler: versions.listBranchVersions,
  },
  {
    method: 'GET',
    path: `${PACTICIPANT}/branches/:branch/latest-version`,
    scope: 'read',
    handler: versions.getBranchLatestVersion,
  },
  {
    method: 'PUT',
    path: `${PACTICIPANT}/branches/:branch/versions/:version`,
    scope: PUBLISHERS,
    handler: versions.putBranchVersion,
    writes: OF_PACTICIPANT,
  },
  {
    method: 'DELETE',
    path: `${PACTICIPANT}/branches/:branch/versions/:version`,
    scope: 'admin',
    handler: versions.deleteBranchVersionHandler,
    writes: OF_PACTICIPANT,
  },

  // Environments, deployments and releases.
  { method: 'GET', path: '/environments', scope: 'read', handler: env.listEnvironmentsHandler },
  { method: 'POST', path: '/environments', scope: 'admin', handler: env.createEnvironment, writes: [] },
  { method: 'GET', path: '/environments/:uuid', scope: 'read', handler: env.getEnvironment },
  { method: 'PUT', path: '/environments/:uuid', scope: 'admin', handler: env.putEnvironment, writes: [] },
  { method: 'DELETE', path: '/environments/:uuid', scope: 'admin', handler: env.deleteEnvironmentHandler, writes: [] },
  {
    method: 'GET',
    path: '/environments/:uuid/deployed-versions/currently-deployed',
    scope: 'read',
    handler: dep.listCurrentlyDeployed,
  },
  {
    method: 'GET',
    path: '/environments/:uuid/released-versions/currently-supported',
    scope: 'read',
    handler: dep.listCurrentlySupported,
  },
  {
    method: 'POST',
    path: `${VERSION}/deployed-versions/environment/:uuid`,
    scope: 'deploy',
    handler: dep.postDeployment,
    writes: OF_PACTICIPANT,
  },
  {
    method: 'POST',
    path: `${VERSION}/released-versions/environment/:uuid`,
    scope: 'deploy',
    handler: dep.postRelease,
    writes: OF_PACTICIPANT,
  },
  { method: 'GET', path: '/deployed-versions/:uuid', scope: 'read', handler: dep.getDeployedVersion },
  {
    method: 'PATCH',
    path: '/deployed-versions/:uuid',
    scope: 'deploy',
    handler: dep.patchDeployedVersion,
    writes: [lookup('the deployed version', (store, p) => store.read(() => pacticipantOfDeployment(p)))],
  },
  { method: 'GET', path: '/released-versions/:uuid', scope: 'read', handler: dep.getReleasedVersion },
  {
    method: 'PATCH',
    path: '/released-versions/:uuid',
    scope: 'deploy',
    handler: dep.patchReleasedVersion,
    writes: [lookup('the released version', (store, p) => store.read(() => pacticipantOfRelease(p)))],
  },

  // The gates.
  { method: 'GET', path: '/can-i-rollback', scope: 'read', handler: canIRollbackHandler },
  { method: 'GET', path: '/matrix', scope: 'read', handler: matrix.getMatrix },
  {
    method: 'GET',
    path: '/matrix/provider/:provider/consumer/:consumer',
    scope: 'read',
    handler: matrix.getMatrixForPair,
  },
  {
    method: 'GET',
    path: '/matrix/provider/:provider/latest/:providerTag/consumer/:consumer/latest/:consumerTag/badge',
    scope: 'read',
    badge: true,
    handler: cid.matrixBadge,
  },
  { method: 'GET', path: '/can-i-deploy', scope: 'read', handler: cid.getCanIDeploy },
  {
    method: 'GET',
    path: `${PACTICIPANT}/latest-version/:tag/can-i-deploy/to/:toTag`,
    scope: 'read',
    handler: (d) => cid.canIDeployPath(d, cid.tagToTagQuery),
  },
  {
    method: 'GET',
    path: `${PACTICIPANT}/latest-version/:tag/can-i-deploy/to/:toTag/badge`,
    scope: 'read',
    badge: true,
    handler: (d) => cid.canIDeployBadge(d, cid.tagToTagQuery),
  },
  {
    method: 'GET',
    path: `${PACTICIPANT}/branches/:branch/latest-version/can-i-deploy/to-environment/:environment`,
    scope: 'read',
    handler: (d) => cid.canIDeployPath(d, cid.branchToEnvironmentQuery),
  },
  {
    method: 'GET',
    path: `${PACTICIPANT}/branches/:branch/latest-version/can-i-deploy/to-environment/:environment/badge`,
    scope: 'read',
    badge: true,
    handler: (d) => cid.canIDeployBadge(d, cid.branchToEnvironmentQuery),
  },

  // Webhooks.
  { method: 'GET', path: '/webhooks', scope: 'read', handler: webhooks.listWebhooksHandler },
  { method: 'POST', path: '/webhooks', scope: 'admin', handler: webhooks.createWebhook, writes: WEBHOOK_BODY },
  {
    method: 'POST',
    path: '/webhooks/execute',
    scope: 'admin',
    handler: webhooks.executeUnsavedWebhook,
    writes: WEBHOOK_BODY,
  },
  {
    method: 'GET',
    path: '/webhooks/provider/:provider/consumer/:consumer',
    scope: 'read',
    handler: webhooks.listWebhooksHandler,
  },
  {
    method: 'POST',
    path: '/webhooks/provider/:provider/consumer/:consumer',
    scope: 'admin',
    handler: webhooks.createWebhook,
    writes: [param('consumer'), param('provider')],
  },
  { method: 'GET', path: '/webhooks/:uuid', scope: 'read', handler: webhooks.getWebhook },
  {
    method: 'PUT',
    path: '/webhooks/:uuid',
    scope: 'admin',
    handler: webhooks.putWebhook,
    writes: [OF_WEBHOOK, ...WEBHOOK_BODY],
  },
  {
    method: 'DELETE',
    path: '/webhooks/:uuid',
    scope: 'admin',
    handler: webhooks.deleteWebhookHandler,
    writes: [OF_WEBHOOK],
  },
  {
    method: 'POST',
    path: '/webhooks/:uuid/execute',
    scope: 'admin',
    handler: webhooks.executeWebhook,
    writes: [OF_WEBHOOK],
  },
  { method: 'GET', path: '/webhooks/:uuid/executions', scope: 'read', handler: webhooks.listExecutions },
  { method: 'GET', path: '/webhooks/:uuid/triggered-webhooks', scope: 'read', handler: webhooks.listExecutions },
  { method: 'GET', path: '/triggered-webhooks/:uuid/logs', scope: 'read', handler: webhooks.triggerLogs },
  {
    method: 'GET',
    path: `${PACT_VERSION}/verification-results/:id/triggered-webhooks`,
    scope: 'read',
    handler: webhooks.verificationTriggeredWebhooks,
  },

  // Comparisons, pacts for verification, pact diffs, integrations.
  {
    method: 'GET',
    path: `${PACT_VERSION}/comparison/provider-version/:providerVersion`,
    scope: 'read',
    handler: getComparison,
  },
  {
    method: 'GET',
    path: '/pacts/provider/:provider/for-verification',
    scope: 'read',
    handler: pfv.getPactsForVerification,
  },
  // A read that is a POST.
  {
    method: 'POST',
    path: '/pacts/provider/:provider/for-verification',
    scope: 'read',
    handler: pfv.postPactsForVerification,
  },
  {
    method: 'GET',
    path: `${PAIR}/version/:version/previous-distinct`,
    scope: 'read',
    handler: diff.getPreviousDistinct,
  },
  {
    method: 'GET',
    path: `${PAIR}/version/:version/diff/previous-distinct`,
    scope: 'read',
    handler: diff.diffPreviousDistinct,
  },
  { method: 'GET', path: `${PAIR}/version/:version/diff/version/:otherVersion`, scope: 'read', handler: diff.diffWith },
  { method: 'GET', path: `${PACT_VERSION}/previous-distinct`, scope: 'read', handler: diff.getPreviousDistinct },
  { method: 'GET', path: `${PACT_VERSION}/diff/previous-distinct`, scope: 'read', handler: diff.diffPreviousDistinct },
  {
    method: 'GET',
    path: `${PACT_VERSION}/metadata/:metadata/diff/previous-distinct`,
    scope: 'read',
    handler: diff.diffPreviousDistinct,
  },
  {
    method: 'GET',
    path: `${PACT_VERSION}/metadata/:metadata/previous-distinct`,
    scope: 'read',
    handler: diff.getPreviousDistinct,
  },
  { method: 'GET', path: `${PACT_VERSION}/diff/pact-version/:otherSha`, scope: 'read', handler: diff.diffWith },
  { method: 'GET', path: '/integrations', scope: 'read', handler: integrations.listIntegrations },
  { method: 'GET', path: INTEGRATION, scope: 'read', handler: integrations.getIntegration },
  {
    method: 'DELETE',
    path: INTEGRATION,
    scope: 'admin',
    handler: integrations.deleteIntegrationHandler,
    writes: [param('consumer'), param('provider')],
  },

  // Provider contracts (PactFlow's API).
  {
    method: 'POST',
    path: '/provider-contracts/provider/:provider/publish',
    scope: 'publish-contracts',
    handler: pc.publishProviderContractHandler,
    writes: [param('provider')],
  },
  {
    method: 'GET',
    path: '/provider-contracts/provider/:provider/version/:version',
    scope: 'read',
    handler: pc.getProviderContract,
  },
  {
    method: 'GET',
    path: '/provider-contracts/provider/:provider/version/:version/changes',
    scope: 'read',
    handler: pc.getProviderContractChanges,
  },
  {
    method: 'PUT',
    path: '/contracts/provider/:provider/version/:version',
    scope: 'publish-contracts',
    handler: pc.putProviderContractHandler,
    writes: [param('provider')],
  },
];

export const routeTable = new RouteTable(ROUTES);

/** What a request needs (its route's scope, else the fail-closed default): for tests and tools. */
export const requirementFor = (method: string, path: string) => routeTable.requirementFor(method, path);
