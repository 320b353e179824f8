import type { Router } from 'express';
import type { Deps } from '../deps.ts';
import { canIRollbackHandler } from './handlers/can-i-rollback.ts';
import { listPactsHandler } from './handlers/pact-listings.ts';
import * as labels from './handlers/labels.ts';
import { getComparison } from './handlers/comparisons.ts';
import * as dep from './handlers/deployments.ts';
import * as diagnostics from './handlers/diagnostics.ts';
import * as env from './handlers/environments.ts';
import { indexResource } from './handlers/index-resource.ts';
import * as pacticipants from './handlers/pacticipants.ts';
import * as pacts from './handlers/pacts.ts';
import * as pc from './handlers/provider-contracts.ts';
import { publishContracts } from './handlers/publish-contracts.ts';
import * as ver from './handlers/verifications.ts';
import * as badges from './handlers/badges.ts';
import * as cid from './handlers/can-i-deploy.ts';
import * as matrix from './handlers/matrix.ts';
import * as pfv from './handlers/pacts-for-verification.ts';
import * as diff from './handlers/pact-diff.ts';
import { listIntegrations } from './handlers/integrations.ts';
import { getMetrics } from './handlers/metrics.ts';
import * as versions from './handlers/versions.ts';
import * as webhooks from './handlers/webhooks.ts';

const PAIR = '/pacts/provider/:provider/consumer/:consumer';
const PACT_VERSION = `${PAIR}/pact-version/:sha`;
const PACTICIPANT = '/pacticipants/:pacticipant';
const VERSION = `${PACTICIPANT}/versions/:version`;

/** The whole route table: one line per URL shape. */
export function addRoutes(r: Router, d: Deps): void {
  r.get('/', indexResource);
  r.get('/diagnostic/status/heartbeat', diagnostics.heartbeat);
  r.get('/diagnostic/status/dependencies', diagnostics.dependencies(d));

  r.post('/contracts/publish', publishContracts(d));
  r.get('/pacts/latest', pacts.getLatestPacts(d));
  r.put(`${PAIR}/version/:version`, pacts.putPact(d, false));
  r.patch(`${PAIR}/version/:version`, pacts.putPact(d, true));
  r.get(`${PAIR}/version/:version`, pacts.getPactForVersion(d));
  r.get(PACT_VERSION, pacts.getPactByVersionSha(d));
  r.get(`${PACT_VERSION}/metadata/:metadata`, pacts.getPactByVersionSha(d));
  r.post(`${PACT_VERSION}/verification-results`, ver.postVerification(d));
  r.post(`${PACT_VERSION}/metadata/:metadata/verification-results`, ver.postVerification(d));
  r.get(`${PACT_VERSION}/verification-results/latest`, ver.getLatestVerification(d));
  r.get(`${PACT_VERSION}/verification-results/:id`, ver.getVerification(d));
  r.get(
    `${PAIR}/latest/badge`,
    badges.pactBadge(d, () => ({})),
  );
  r.get(
    `${PAIR}/latest/:tag/badge`,
    badges.pactBadge(d, (p) => ({ tag: p.tag })),
  );
  r.get(
    '/pacts/provider/:provider',
    listPactsHandler(d, () => ({ latest: true })),
  );
  r.get(
    '/pacts/provider/:provider/latest',
    listPactsHandler(d, () => ({ latest: true })),
  );
  r.get(
    '/pacts/provider/:provider/latest/:tag',
    listPactsHandler(d, (p) => ({ latest: true, tag: p.tag })),
  );
  r.get(
    '/pacts/provider/:provider/tag/:tag',
    listPactsHandler(d, (p) => ({ tag: p.tag })),
  );
  r.get(
    '/pacts/provider/:provider/branch',
    listPactsHandler(d, () => ({ mainBranch: true })),
  );
  r.get(
    '/pacts/provider/:provider/branch/latest',
    listPactsHandler(d, () => ({ mainBranch: true, latest: true })),
  );
  r.get(
    '/pacts/provider/:provider/branch/:branch',
    listPactsHandler(d, (p) => ({ branch: p.branch })),
  );
  r.get(
    '/pacts/provider/:provider/branch/:branch/latest',
    listPactsHandler(d, (p) => ({ branch: p.branch, latest: true })),
  );
  r.get(
    `${PAIR}/versions`,
    listPactsHandler(d, () => ({})),
  );
  r.get(
    `${PAIR}/tag/:tag`,
    listPactsHandler(d, (p) => ({ tag: p.tag })),
  );
  r.get(
    `${PAIR}/branch/versions`,
    listPactsHandler(d, () => ({ mainBranch: true })),
  );
  r.get(
    `${PAIR}/branch/:branch`,
    listPactsHandler(d, (p) => ({ branch: p.branch })),
  );
  r.get(
    `${PAIR}/latest`,
    pacts.getLatestPact(d, () => ({})),
  );
  r.get(
    `${PAIR}/latest-untagged`,
    pacts.getLatestPact(d, () => ({ untagged: true })),
  );
  r.get(
    `${PAIR}/latest/:tag`,
    pacts.getLatestPact(d, (p) => ({ tag: p.tag })),
  );
  r.get(
    `${PAIR}/branch/latest/versions`,
    pacts.getLatestPact(d, () => ({ mainBranch: true })),
  );
  r.get(
    `${PAIR}/branch/:branch/latest/versions`,
    pacts.getLatestPact(d, (p) => ({ branch: p.branch })),
  );
  r.get(
    `${PAIR}/branch/:branch/latest`,
    pacts.getLatestPact(d, (p) => ({ branch: p.branch })),
  );

  r.get('/pacticipants', pacticipants.listPacticipantsHandler(d));
  r.post('/pacticipants', pacticipants.savePacticipant(d, 'post'));
  r.get('/pacticipants/label/:label', labels.listLabelled(d));
  r.get(PACTICIPANT, pacticipants.getPacticipant(d));
  r.get(`${PACTICIPANT}/labels/:label`, labels.getLabel(d));
  r.put(`${PACTICIPANT}/labels/:label`, labels.putLabel(d));
  r.delete(`${PACTICIPANT}/labels/:label`, labels.deleteLabel(d));
  r.put(PACTICIPANT, pacticipants.savePacticipant(d, 'put'));
  r.patch(PACTICIPANT, pacticipants.savePacticipant(d, 'patch'));
  r.delete(PACTICIPANT, pacticipants.deletePacticipantHandler(d));
  r.get(`${PACTICIPANT}/versions`, versions.listVersionsHandler(d));
  r.get(VERSION, versions.getVersion(d));
  r.put(VERSION, versions.saveVersion(d, 'put'));
  r.patch(VERSION, versions.saveVersion(d, 'patch'));
  r.delete(VERSION, versions.deleteVersionHandler(d));
  r.get(`${PACTICIPANT}/latest-version`, versions.getLatestVersion(d));
  r.get(`${PACTICIPANT}/latest-version/:tag`, versions.getLatestVersion(d));
  r.get(`${VERSION}/tags/:tag`, versions.getTag(d));
  r.put(`${VERSION}/tags/:tag`, versions.putTag(d));
  r.delete(`${VERSION}/tags/:tag`, versions.deleteTag(d));
  r.get(`${PACTICIPANT}/branches`, versions.listBranchesHandler(d));
  r.get(`${PACTICIPANT}/branches/:branch`, versions.getBranch(d));
  r.delete(`${PACTICIPANT}/branches/:branch`, versions.deleteBranchHandler(d));
  r.get(`${PACTICIPANT}/branches/:branch/versions`, versions.listBranchVersions(d));
  r.get(`${PACTICIPANT}/branches/:branch/latest-version`, versions.getBranchLatestVersion(d));
  r.put(`${PACTICIPANT}/branches/:branch/versions/:version`, versions.putBranchVersion(d));

  r.get('/environments', env.listEnvironmentsHandler(d));
  r.post('/environments', env.createEnvironment(d));
  r.get('/environments/:uuid', env.getEnvironment(d));
  r.put('/environments/:uuid', env.putEnvironment(d));
  r.delete('/environments/:uuid', env.deleteEnvironmentHandler(d));
  r.get('/environments/:uuid/deployed-versions/currently-deployed', dep.listCurrentlyDeployed(d));
  r.get('/environments/:uuid/released-versions/currently-supported', dep.listCurrentlySupported(d));
  r.post(`${VERSION}/deployed-versions/environment/:uuid`, dep.postDeployment(d));
  r.post(`${VERSION}/released-versions/environment/:uuid`, dep.postRelease(d));
  r.get('/deployed-versions/:uuid', dep.getDeployedVersion(d));
  r.patch('/deployed-versions/:uuid', dep.patchDeployedVersion(d));
  r.get('/released-versions/:uuid', dep.getReleasedVersion(d));
  r.patch('/released-versions/:uuid', dep.patchReleasedVersion(d));

  r.get('/can-i-rollback', canIRollbackHandler(d));

  r.get('/webhooks', webhooks.listWebhooksHandler(d));
  r.post('/webhooks', webhooks.createWebhook(d));
  r.post('/webhooks/execute', webhooks.executeUnsavedWebhook(d));
  r.get('/webhooks/provider/:provider/consumer/:consumer', webhooks.listWebhooksHandler(d));
  r.post('/webhooks/provider/:provider/consumer/:consumer', webhooks.createWebhook(d));
  r.get('/webhooks/:uuid', webhooks.getWebhook(d));
  r.put('/webhooks/:uuid', webhooks.putWebhook(d));
  r.delete('/webhooks/:uuid', webhooks.deleteWebhookHandler(d));
  r.post('/webhooks/:uuid/execute', webhooks.executeWebhook(d));
  r.get('/webhooks/:uuid/executions', webhooks.listExecutions(d));
  r.get('/webhooks/:uuid/triggered-webhooks', webhooks.listExecutions(d));
  r.get('/triggered-webhooks/:uuid/logs', webhooks.triggerLogs(d));
  r.get(`${PACT_VERSION}/verification-results/:id/triggered-webhooks`, webhooks.verificationTriggeredWebhooks(d));
  r.get(`${PACT_VERSION}/comparison/provider-version/:providerVersion`, getComparison(d));

  r.get('/pacts/provider/:provider/for-verification', pfv.getPactsForVerification(d));
  r.post('/pacts/provider/:provider/for-verification', pfv.postPactsForVerification(d));
  r.get(`${PAIR}/version/:version/previous-distinct`, diff.getPreviousDistinct(d));
  r.get(`${PAIR}/version/:version/diff/previous-distinct`, diff.diffPreviousDistinct(d));
  r.get(`${PAIR}/version/:version/diff/version/:otherVersion`, diff.diffWith(d));
  r.get(`${PACT_VERSION}/previous-distinct`, diff.getPreviousDistinct(d));
  r.get(`${PACT_VERSION}/diff/previous-distinct`, diff.diffPreviousDistinct(d));
  r.get(`${PACT_VERSION}/metadata/:metadata/diff/previous-distinct`, diff.diffPreviousDistinct(d));
  r.get(`${PACT_VERSION}/metadata/:metadata/previous-distinct`, diff.getPreviousDistinct(d));
  r.get(`${PACT_VERSION}/diff/pact-version/:otherSha`, diff.diffWith(d));
  r.get('/integrations', listIntegrations(d));
  r.get('/metrics', getMetrics(d));
  r.get('/matrix', matrix.getMatrix(d));
  r.get('/matrix/provider/:provider/consumer/:consumer', matrix.getMatrixForPair(d));
  r.get(
    '/matrix/provider/:provider/latest/:providerTag/consumer/:consumer/latest/:consumerTag/badge',
    cid.matrixBadge(d),
  );
  r.get('/can-i-deploy', cid.getCanIDeploy(d));
  r.get(`${PACTICIPANT}/latest-version/:tag/can-i-deploy/to/:toTag`, cid.canIDeployPath(d, cid.tagToTagQuery));
  r.get(`${PACTICIPANT}/latest-version/:tag/can-i-deploy/to/:toTag/badge`, cid.canIDeployBadge(d, cid.tagToTagQuery));
  r.get(
    `${PACTICIPANT}/branches/:branch/latest-version/can-i-deploy/to-environment/:environment`,
    cid.canIDeployPath(d, cid.branchToEnvironmentQuery),
  );
  r.get(
    `${PACTICIPANT}/branches/:branch/latest-version/can-i-deploy/to-environment/:environment/badge`,
    cid.canIDeployBadge(d, cid.branchToEnvironmentQuery),
  );

  r.post('/provider-contracts/provider/:provider/publish', pc.publishProviderContractHandler(d));
  r.get('/provider-contracts/provider/:provider/version/:version', pc.getProviderContract(d));
  r.put('/contracts/provider/:provider/version/:version', pc.putProviderContractHandler(d));
}
