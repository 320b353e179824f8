import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import { linker } from '../../links/linker.ts';
import { overviewPage } from '../../ui/pages/overview.ts';
import { prefersHtml, servePage } from '../../ui/serve.ts';
import { sendHal } from '../../links/hal.ts';

/** The relations clients navigate from. Templated ones say so (the Verifier needs it). */
function indexResource(req: Request, res: Response): void {
  const l = linker(req);
  const t = (href: string, title: string) => l.link(href, { title, templated: true });
  const f = (href: string, title: string) => l.link(href, { title });
  sendHal(res, 200, {
    _links: {
      self: f('/', 'Index'),
      'pb:publish-pact': t(
        '/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}',
        'Publish a pact',
      ),
      'pb:publish-contracts': f('/contracts/publish', 'Publish contracts'),
      'pb:latest-pact-versions': f('/pacts/latest', 'Latest pact versions'),
      'pb:tagged-pact-versions': t(
        '/pacts/provider/{provider}/consumer/{consumer}/tag/{tag}',
        'All versions of a pact for a given consumer, provider and consumer version tag',
      ),
      'pb:branch-pact-versions': t(
        '/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}',
        'All versions of a pact for a given consumer, provider and consumer version branch',
      ),
      'pb:latest-branch-pact-versions': t(
        '/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}/latest/versions',
        'Latest version of a pact for a given consumer, provider and consumer version branch',
      ),
      'pb:main-branch-pact-versions': t(
        '/pacts/provider/{provider}/consumer/{consumer}/branch/versions',
        'All versions of a pact for a given consumer, provider and the consumer main branch',
      ),
      'pb:latest-main-branch-pact-versions': t(
        '/pacts/provider/{provider}/consumer/{consumer}/branch/latest/versions',
        'Latest version of a pact for the consumer main branch',
      ),
      'pb:provider-pacts-with-main-branch': t(
        '/pacts/provider/{provider}/branch',
        "All pacts for a provider from its consumers' main branches",
      ),
      'pb:provider-pacts-with-branch': t(
        '/pacts/provider/{provider}/branch/{branch}',
        'All pacts for a provider from consumers on a branch',
      ),
      'pb:latest-provider-pacts-with-main-branch': t(
        '/pacts/provider/{provider}/branch/latest',
        "Latest pacts for a provider from its consumers' main branches",
      ),
      'pb:latest-provider-pacts-with-branch': t(
        '/pacts/provider/{provider}/branch/{branch}/latest',
        'Latest pacts for a provider from consumers on a branch',
      ),
      'pb:pacticipants': f('/pacticipants', 'Pacticipants'),
      'pb:pacticipant': t('/pacticipants/{pacticipant}', 'Fetch pacticipant by name'),
      'pb:latest-provider-pacts': t('/pacts/provider/{provider}/latest', 'Latest pacts by provider'),
      'pb:latest-provider-pacts-with-tag': t(
        '/pacts/provider/{provider}/latest/{tag}',
        'Latest pacts for provider with the specified tag',
      ),
      'pb:provider-pacts-with-tag': t(
        '/pacts/provider/{provider}/tag/{tag}',
        'All pact versions for the provider with the specified consumer version tag',
      ),
      'pb:provider-pacts': t('/pacts/provider/{provider}', 'All pact versions for the specified provider'),
      'pb:latest-version': t('/pacticipants/{pacticipant}/latest-version', 'Latest pacticipant version'),
      'pb:latest-tagged-version': t(
        '/pacticipants/{pacticipant}/latest-version/{tag}',
        'Latest pacticipant version with the specified tag',
      ),
      'pb:webhooks': f('/webhooks', 'Webhooks'),
      'pb:webhook': t('/webhooks/{uuid}', 'Webhook'),
      'pb:integrations': f('/integrations', 'Integrations'),
      'pb:pacticipant-version-tag': t(
        '/pacticipants/{pacticipant}/versions/{version}/tags/{tag}',
        'Get, create or delete a tag for a pacticipant version',
      ),
      'pb:pacticipant-branch': t('/pacticipants/{pacticipant}/branches/{branch}', 'Get or delete a pacticipant branch'),
      'pb:pacticipant-branch-version': t(
        '/pacticipants/{pacticipant}/branches/{branch}/versions/{version}',
        'Get or add/create a pacticipant version for a branch',
      ),
      'pb:pacticipant-version': t(
        '/pacticipants/{pacticipant}/versions/{version}',
        'Get, create or delete a pacticipant version',
      ),
      'pb:metrics': f('/metrics', 'Get Pact Broker metrics'),
      'pb:can-i-deploy-pacticipant-version-to-tag': t(
        '/can-i-deploy?pacticipant={pacticipant}&version={version}&to={tag}',
        'Determine if an application version can be safely deployed to an environment identified by the given tag',
      ),
      'pb:can-i-deploy-pacticipant-version-to-environment': t(
        '/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}',
        'Determine if an application version can be safely deployed to an environment',
      ),
      'pb:provider-pacts-for-verification': t(
        '/pacts/provider/{provider}/for-verification',
        'Pact versions to be verified for the specified provider',
      ),
      'beta:provider-pacts-for-verification': {
        ...t(
          '/pacts/provider/{provider}/for-verification',
          'DEPRECATED - please use pb:provider-pacts-for-verification',
        ),
        name: 'beta',
      },
      'pb:environments': f('/environments', 'Environments'),
      'pb:environment': t('/environments/{uuid}', 'Environment'),
      'pf:publish-provider-contract': t(
        '/provider-contracts/provider/{provider}/publish',
        'Publish a provider contract (OpenAPI document) with its self-verification',
      ),
      'rg:can-i-rollback': t(
        '/can-i-rollback?environment={environment}',
        'Can the services of an environment roll back to their previous versions?',
      ),
      curies: [
        { name: 'pb', href: l.url('/doc/{rel}?context=index'), templated: true },
        { name: 'beta', href: l.url('/doc/{rel}?context=index'), templated: true },
        { name: 'pf', href: l.url('/doc/{rel}?context=index'), templated: true },
        { name: 'rg', href: l.url('/doc/{rel}?context=index'), templated: true },
      ],
    },
  });
}

/** `GET /`: the overview page for a browser, the HAL index for every other client. */
export function root(deps: Deps) {
  const overview = servePage(overviewPage)(deps);
  return (req: Request, res: Response) => (prefersHtml(req) ? overview(req, res) : indexResource(req, res));
}
