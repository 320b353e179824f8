import { readFile } from 'node:fs/promises';

/**
 * Replays a scenario file (fixtures/scenarios/*.json) against a broker through its HTTP API, as real
 * clients would: publish contracts, publish verification results through the pact's
 * pb:publish-verification-results link, create environments, record data migrations and record deployments.
 */
export type ScenarioStep =
  | { createEnvironment: { name: string; production: boolean } }
  | {
      publish: {
        consumer: string;
        version: string;
        branch?: string;
        pact: { provider: { name: string } } & Record<string, unknown>;
      };
    }
  | { verify: { consumer: string; version: string; provider: string; providerVersion: string; success: boolean } }
  | { deploy: { pacticipant: string; version: string; environment: string; applicationInstance?: string } }
  | { migration: { pacticipant: string; version: string; id: string; reversible: boolean; down?: string } };

export async function loadScenario(
  baseUrl: string,
  file: string,
  headers: Record<string, string> = {},
): Promise<number> {
  const { steps } = JSON.parse(await readFile(file, 'utf8')) as { steps: ScenarioStep[] };
  const call = async <T = unknown>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(new URL(path, baseUrl), {
      method,
      headers: { accept: 'application/hal+json', 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json as T;
  };
  const enc = encodeURIComponent;
  for (const step of steps) {
    if ('createEnvironment' in step) {
      const found = await call<{ _embedded: { environments: unknown[] } }>(
        'GET',
        `/environments?name=${enc(step.createEnvironment.name)}`,
      );
      if (!found._embedded.environments.length) await call('POST', '/environments', step.createEnvironment);
    } else if ('publish' in step) {
      const p = step.publish;
      await call('POST', '/contracts/publish', {
        pacticipantName: p.consumer,
        pacticipantVersionNumber: p.version,
        ...(p.branch ? { branch: p.branch } : {}),
        contracts: [
          {
            consumerName: p.consumer,
            providerName: p.pact.provider.name,
            specification: 'pact',
            contentType: 'application/json',
            content: Buffer.from(JSON.stringify(p.pact)).toString('base64'),
          },
        ],
      });
    } else if ('verify' in step) {
      const v = step.verify;
      const pact = await call<{ _links: Record<string, { href: string }> }>(
        'GET',
        `/pacts/provider/${enc(v.provider)}/consumer/${enc(v.consumer)}/version/${enc(v.version)}`,
      );
      await call('POST', new URL(pact._links['pb:publish-verification-results'].href).pathname, {
        providerApplicationVersion: v.providerVersion,
        success: v.success,
      });
    } else if ('migration' in step) {
      const m = step.migration;
      await call(
        'PUT',
        `/pacticipants/${enc(m.pacticipant)}/versions/${enc(m.version)}/migrations/${enc(m.id)}`,
        m.reversible ? { reversible: true, down: m.down } : { reversible: false },
      );
    } else if ('deploy' in step) {
      const d = step.deploy;
      const version = await call<{ _links: { 'pb:record-deployment': { name: string; href: string }[] } }>(
        'GET',
        `/pacticipants/${enc(d.pacticipant)}/versions/${enc(d.version)}`,
      );
      const link = version._links['pb:record-deployment'].find((l) => l.name === d.environment);
      if (!link) throw new Error(`environment ${d.environment} does not exist`);
      await call(
        'POST',
        new URL(link.href).pathname,
        d.applicationInstance ? { applicationInstance: d.applicationInstance } : {},
      );
    }
  }
  return steps.length;
}
