import type { Logger } from 'pino';
import type { BrokerConfig } from './config.ts';
import type { Hooks } from './domain/hooks.ts';
import type { Store } from './storage/port.ts';

/** What every handler, page and background worker receives: injected, never imported as globals. */
export interface Deps {
  store: Store;
  config: BrokerConfig;
  log: Logger;
  hooks: Hooks;
}
