#!/usr/bin/env bash
# Once, by an administrator: the broker calls GitHub's repository_dispatch API of the provider's repository whenever
# a pact that needs verifying is published (a new or changed pact, for the provider's main branch head and each
# deployed and released version), which starts provider.yml's verify-changed-pact job.
#   PACT_BROKER_BASE_URL, PACT_BROKER_TOKEN: the broker (an admin token)
#   GITHUB_REPOSITORY: owner/name of the provider's repository; GITHUB_TOKEN: a token that may dispatch there
# The broker must be allowed to reach GitHub: ROLLGATE_WEBHOOK_HOSTS=api.github.com (see docs/security.md).
set -euo pipefail
provider=${PROVIDER:-orders}
# A webhook names a pacticipant that exists (as in the Pact Broker): create the provider if it is not there yet.
pact-broker create-or-update-pacticipant --name "$provider"
pact-broker create-webhook "${GITHUB_API_URL:-https://api.github.com}/repos/${GITHUB_REPOSITORY}/dispatches" \
  --request POST \
  --header "Content-Type: application/json" "Accept: application/vnd.github+json" \
    "Authorization: Bearer ${GITHUB_TOKEN}" \
  --data '{"event_type":"contract_requiring_verification_published","client_payload":{"pact_url":"${pactbroker.pactUrl}","sha":"${pactbroker.providerVersionNumber}","branch":"${pactbroker.providerVersionBranch}","message":"Verify the pact of ${pactbroker.consumerName} ${pactbroker.consumerVersionNumber} for ${pactbroker.providerName} ${pactbroker.providerVersionNumber}"}}' \
  --provider "$provider" \
  --contract-requiring-verification-published \
  --description "verify changed pacts in the ${provider} pipeline"
