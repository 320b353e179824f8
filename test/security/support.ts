import { aPact, base64 } from '../support/pact-builder.ts';

/** Tokens for every scope, as ROLLGATE_TOKENS would give them. */
export const TOKENS = {
  read: 'tok-read-0123456789',
  'publish-contracts': 'tok-pub-contracts-0123456789',
  'publish-verifications': 'tok-pub-verifications-0123456789',
  deploy: 'tok-deploy-0123456789',
  admin: 'tok-admin-0123456789',
} as const;

export const TOKEN_CONFIG = Object.entries(TOKENS)
  .map(([scope, token]) => `${scope}-bot:${token}:${scope}`)
  .join(',');

export const BASIC = {
  username: 'rw-user',
  password: 'rw:pass word',
  readOnlyUsername: 'ro-user',
  readOnlyPassword: 'ro-pass',
};

export const authConfig = (extra: Record<string, unknown> = {}) => ({
  tokens: TOKEN_CONFIG,
  basicAuthUsername: BASIC.username,
  basicAuthPassword: BASIC.password,
  basicAuthReadOnlyUsername: BASIC.readOnlyUsername,
  basicAuthReadOnlyPassword: BASIC.readOnlyPassword,
  ...extra,
});

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

export function publishBody(
  consumer: string,
  version: string,
  provider: string,
  opts: { branch?: string; interactions?: number } = {},
) {
  let b = aPact(consumer, provider);
  for (let i = 0; i < (opts.interactions ?? 1); i++) b = b.withInteraction();
  return {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    branch: opts.branch ?? 'main',
    contracts: [
      {
        consumerName: consumer,
        providerName: provider,
        specification: 'pact',
        contentType: 'application/json',
        content: base64(b.build()),
      },
    ],
  };
}
