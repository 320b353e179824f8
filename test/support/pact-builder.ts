/**
 * Builds pact files for tests: `aPact('web', 'orders').withInteraction({...}).build()`.
 * Defaults give a small valid v3 HTTP pact; every option is named, nothing positional.
 */
export interface InteractionSpec {
  description?: string;
  providerState?: string;
  method?: string;
  path?: string;
  query?: Record<string, string[]>;
  requestBody?: unknown;
  status?: number;
  responseBody?: unknown;
  responseHeaders?: Record<string, string>;
  responseMatchingRules?: Record<string, unknown>;
}

export class PactBuilder {
  private interactions: Record<string, unknown>[] = [];
  private messages: Record<string, unknown>[] | undefined;
  private spec = '3.0.0';

  constructor(
    private consumer: string,
    private provider: string,
  ) {}

  specification(version: '2.0.0' | '3.0.0' | '4.0'): this {
    this.spec = version;
    return this;
  }

  withInteraction(i: InteractionSpec = {}): this {
    const n = this.interactions.length + 1;
    this.interactions.push({
      description: i.description ?? `a request for order ${n}`,
      providerStates: i.providerState ? [{ name: i.providerState }] : [],
      request: {
        method: i.method ?? 'GET',
        path: i.path ?? `/orders/${n}`,
        ...(i.query ? { query: i.query } : {}),
        ...(i.requestBody !== undefined ? { body: i.requestBody } : {}),
      },
      response: {
        status: i.status ?? 200,
        headers: i.responseHeaders ?? { 'Content-Type': 'application/json' },
        body: i.responseBody ?? { id: n, status: 'NEW' },
        ...(i.responseMatchingRules ? { matchingRules: i.responseMatchingRules } : {}),
      },
    });
    return this;
  }

  /** One GET interaction per path, each answering with its path: pacts that ask more or less of one another. */
  withGets(...paths: string[]): this {
    for (const p of paths) this.withInteraction({ description: `get ${p}`, path: p, responseBody: { path: p } });
    return this;
  }

  withMessage(m: { description?: string; contents?: unknown; providerState?: string } = {}): this {
    this.messages ??= [];
    this.messages.push({
      description: m.description ?? `an order event ${this.messages.length + 1}`,
      providerStates: m.providerState ? [{ name: m.providerState }] : [],
      contents: m.contents ?? { id: 1 },
      metadata: { contentType: 'application/json' },
    });
    return this;
  }

  build(): Record<string, unknown> {
    const interactions = this.messages
      ? undefined
      : this.interactions.length
        ? this.interactions
        : new PactBuilder(this.consumer, this.provider).withInteraction().interactions;
    return {
      consumer: { name: this.consumer },
      provider: { name: this.provider },
      ...(this.messages ? { messages: this.messages } : { interactions }),
      metadata: { pactSpecification: { version: this.spec } },
    };
  }
}

export const aPact = (consumer: string, provider: string) => new PactBuilder(consumer, provider);

export const base64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');
