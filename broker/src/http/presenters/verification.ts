import type { VerificationRow } from '../../domain/verifications/queries.ts';
import { routes } from '../../links/paths.ts';
import type { Linker } from '../../links/linker.ts';

export function presentVerification(
  l: Linker,
  v: VerificationRow,
  pair: { consumer: string; provider: string; sha: string },
) {
  const parse = (s: string | null) => (s ? JSON.parse(s) : undefined);
  return {
    providerName: pair.provider,
    providerApplicationVersion: v.provider_version_number,
    success: Boolean(v.success),
    verificationDate: v.created_at,
    buildUrl: v.build_url ?? undefined,
    testResults: parse(v.test_results),
    verifiedBy: parse(v.verified_by),
    _links: {
      self: l.link(routes.verification(pair.provider, pair.consumer, pair.sha, v.id), {
        title: 'Verification result',
        name: `Verification #${v.id}`,
      }),
      'pb:pact-version': l.link(routes.pactVersion(pair.provider, pair.consumer, pair.sha), { title: 'Pact' }),
      'pb:provider-version': l.link(routes.version(pair.provider, v.provider_version_number), {
        name: v.provider_version_number,
      }),
      'pb:triggered-webhooks': l.link(
        `${routes.verification(pair.provider, pair.consumer, pair.sha, v.id)}/triggered-webhooks`,
      ),
    },
  };
}
