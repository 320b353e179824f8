import type { Router } from 'express';
import type { Deps } from './deps.ts';
import * as dep from './handlers/deployments.ts';
import * as env from './handlers/environments.ts';
import { indexResource } from './handlers/index-resource.ts';
import * as pacticipants from './handlers/pacticipants.ts';
import * as pacts from './handlers/pacts.ts';
import * as pc from './handlers/provider-contracts.ts';
import { publishContracts } from './handlers/publish-contracts.ts';
import * as ver from './handlers/verifications.ts';
import * as versions from './handlers/versions.ts';

const PAIR = '/pacts/provider/:provider/consumer/:consumer';
const PACT_VERSION = `${PAIR}/pact-version/:sha`;
const PACTICIPANT = '/pacticipants/:pacticipant';
const VERSION = `${PACTICIPANT}/versions/:version`;

/** The whole route table: one line per URL shape. */
export function addRoutes(r: Router, d: Deps): void {
  r.get('/', indexResource);

  r.post('/contracts/publish', publishContracts(d));
  r.get('/pacts/latest', pacts.getLatestPacts(d));
  r.put(`${PAIR}/version/:version`, pacts.putPact(d, false));
  r.patch(`${PAIR}/version/:version`, pacts.putPact(d, true));
  r.get(`${PAIR}/version/:version`, pacts.getPactForVersion(d));
  r.get(PACT_VERSION, pacts.getPactByVersionSha(d));
  r.get(`${PACT_VERSION}/metadata/:metadata`, pacts.getPactByVersionSha(d));
  r.post(`${PACT_VERSION}/verification-results`, ver.postVerification(d));
  r.post(`${PACT_VERSION}/metadata/:metadata/verification-results`, ver.postVerification(d));
  r.get(`${PACT_VERSION}/verification-results/:id`, ver.getVerification(d));
  r.get(`${PAIR}/latest`, pacts.getLatestPact(d, () => ({})));
  r.get(`${PAIR}/latest-untagged`, pacts.getLatestPact(d, () => ({ untagged: true })));
  r.get(`${PAIR}/latest/:tag`, pacts.getLatestPact(d, (p) => ({ tag: p.tag })));
  r.get(`${PAIR}/branch/latest/versions`, pacts.getLatestPact(d, () => ({ mainBranch: true })));
  r.get(`${PAIR}/branch/:branch/latest/versions`, pacts.getLatestPact(d, (p) => ({ branch: p.branch })));
  r.get(`${PAIR}/branch/:branch/latest`, pacts.getLatestPact(d, (p) => ({ branch: p.branch })));

  r.get('/pacticipants', pacticipants.listPacticipantsHandler(d));
  r.post('/pacticipants', pacticipants.savePacticipant(d, 'post'));
  r.get(PACTICIPANT, pacticipants.getPacticipant(d));
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

  r.post('/provider-contracts/provider/:provider/publish', pc.publishProviderContractHandler(d));
  r.get('/provider-contracts/provider/:provider/version/:version', pc.getProviderContract(d));
  r.put('/contracts/provider/:provider/version/:version', pc.putProviderContractHandler(d));
}
