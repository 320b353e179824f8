/**
 * What the import reads from a Pact Broker, in the shapes of its decorators (lib/pact_broker/api/decorators/):
 * only what rollgate stores. Timestamps are the source's, as ISO strings.
 */
export interface SrcEnvironment {
  uuid: string;
  name: string;
  displayName?: string;
  production: boolean;
  contacts?: unknown;
  createdAt?: string;
}

export interface SrcPacticipant {
  name: string;
  displayName?: string;
  repositoryUrl?: string;
  repositoryName?: string;
  repositoryNamespace?: string;
  mainBranch?: string;
  labels: string[];
  createdAt?: string;
}

export interface SrcLabel {
  name: string;
  createdAt?: string;
}

export interface SrcVersion {
  pacticipant: string;
  number: string;
  buildUrl?: string;
  createdAt?: string;
  branches: SrcLabel[];
  tags: SrcLabel[];
  /** The version's pacts, by consumer version (`pb:pact-versions`). */
  pactHrefs: string[];
  /** Its deployments and releases (`pb:deployed-environments`, `pb:released-environments`), history included. */
  deployedHrefs: string[];
  releasedHrefs: string[];
  /** Listing order of the source (its newest first), to keep the order of versions created in the same second. */
  seq: number;
}

export interface SrcPact {
  consumer: string;
  provider: string;
  consumerVersion: string;
  /** The Pact Broker's pact version (content) SHA, from `pb:pact-version`. */
  sha?: string;
  /** The pact as published: interactions and metadata in their order (HAL additions removed). */
  content: Record<string, unknown>;
  createdAt?: string;
}

export interface SrcVerification {
  href: string;
  consumer: string;
  provider: string;
  /** The source's pact version SHA it verified. */
  sha: string;
  providerVersion: string;
  success: boolean;
  buildUrl?: string;
  testResults?: unknown;
  verifiedBy?: unknown;
  verifiedAt?: string;
}

export interface SrcDeployment {
  uuid: string;
  pacticipant: string;
  version: string;
  environmentUuid: string;
  environment: string;
  applicationInstance: string;
  createdAt: string;
  undeployedAt?: string;
}

export interface SrcRelease {
  uuid: string;
  pacticipant: string;
  version: string;
  environmentUuid: string;
  environment: string;
  createdAt: string;
  supportEndedAt?: string;
}

export interface SrcWebhook {
  uuid: string;
  /** The body to create it with (the Pact Broker's webhook document minus its links). */
  body: Record<string, unknown>;
  /** Fields the source returned redacted ("**********"): they must be set again by hand. */
  redacted: string[];
  createdAt?: string;
}
