import { message } from '../messages.ts';

/**
 * One keep selector of the Pact Broker's clean (PACT_BROKER_DATABASE_CLEAN_KEEP_VERSION_SELECTORS), as is: its keys
 * narrow each other (all must hold), and a version stays when any selector keeps it. `branch`/`tag`: true (any) or a
 * name; `latest` with them: only the newest version of each branch or tag, alone: the newest version of each
 * pacticipant; `deployed`/`released`: currently; `environment`: currently deployed or released there; `max_age`:
 * created within that many days; `pacticipant`, `main_branch` as the Pact Broker has them.
 */
export interface KeepSelector {
  pacticipant?: string;
  branch?: true | string;
  mainBranch?: true;
  tag?: true | string;
  latest?: true;
  deployed?: true;
  released?: true;
  environment?: string;
  maxAgeDays?: number;
}

/** The Pact Broker's default keep selectors (lib/pact_broker/db/clean_incremental.rb). */
export const DEFAULT_KEEP_SELECTORS: KeepSelector[] = [
  { tag: true, latest: true },
  { branch: true, latest: true },
  { latest: true },
  { deployed: true },
  { released: true },
  { maxAgeDays: 90 },
];

/** A keep selectors setting that is not what the Pact Broker accepts: says which selector and key. */
export class KeepSelectorError extends Error {
  constructor(text: string) {
    super(text);
    this.name = 'KeepSelectorError';
  }
}

const KEYS: Record<string, keyof KeepSelector> = {
  pacticipant: 'pacticipant',
  pacticipant_name: 'pacticipant',
  pacticipantName: 'pacticipant',
  branch: 'branch',
  main_branch: 'mainBranch',
  mainBranch: 'mainBranch',
  tag: 'tag',
  latest: 'latest',
  deployed: 'deployed',
  released: 'released',
  environment: 'environment',
  environment_name: 'environment',
  environmentName: 'environment',
  max_age: 'maxAgeDays',
  maxAge: 'maxAgeDays',
};

/** Parses the JSON of ROLLGATE_CLEAN_KEEP_VERSION_SELECTORS (an array of selectors, or one selector). */
export function parseKeepSelectors(
  json: string | undefined,
  where = 'ROLLGATE_CLEAN_KEEP_VERSION_SELECTORS',
): KeepSelector[] {
  if (json === undefined || json.trim() === '') return DEFAULT_KEEP_SELECTORS;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new KeepSelectorError(message('clean.selectors-json', { where, reason: (e as Error).message }));
  }
  const list = Array.isArray(value) ? value : [value];
  if (!list.length) throw new KeepSelectorError(message('clean.selectors-empty', { where }));
  return list.map((raw, i) => {
    const at = `${where}[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new KeepSelectorError(message('clean.selector-shape', { where: at }));
    const out: KeepSelector = {};
    for (const [key, v] of Object.entries(raw as Record<string, unknown>)) {
      const k = KEYS[key];
      if (!k)
        throw new KeepSelectorError(
          message('clean.selector-key', { where: at, key, known: Object.keys(KEYS).join(', ') }),
        );
      const bad = (expected: string) =>
        new KeepSelectorError(message('clean.selector-value', { where: at, key, expected, value: JSON.stringify(v) }));
      if (v === false || v === null) continue;
      switch (k) {
        case 'branch':
        case 'tag':
          if (v !== true && (typeof v !== 'string' || !v)) throw bad('true or a name');
          out[k] = v as true | string;
          break;
        case 'mainBranch':
        case 'latest':
        case 'deployed':
        case 'released':
          if (v !== true) throw bad('true');
          out[k] = true;
          break;
        case 'pacticipant':
        case 'environment':
          if (typeof v !== 'string' || !v) throw bad('a name');
          out[k] = v;
          break;
        case 'maxAgeDays':
          if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw bad('a number of days');
          out.maxAgeDays = v;
          break;
      }
    }
    if (!Object.keys(out).length) throw new KeepSelectorError(message('clean.selector-shape', { where: at }));
    return out;
  });
}
