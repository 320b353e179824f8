/**
 * Ordered selectors for can-i-deploy and can-i-rollback: `--version`, `--latest`, `--branch` and `--main-branch`
 * belong to the `--pacticipant` (or `--ignore`) before them, as in `pact-broker can-i-deploy`. Commander keeps
 * option values per name and loses their order, so this listens to its per-option events, which fire in argv order.
 */
import type { Command } from 'commander';
import { UsageError } from './errors.ts';

export interface Selector {
  pacticipant: string;
  version?: string;
  latest?: boolean;
  tag?: string;
  branch?: string;
  mainBranch?: boolean;
}

export interface IgnoreSelector {
  pacticipant: string;
  version?: string;
}

export interface SelectorState {
  selectors: Selector[];
  ignores: IgnoreSelector[];
}

type Field = 'version' | 'latest' | 'branch' | 'main-branch';

/** Collects the selectors of one parse; `fields` are the per-selector options this command declares. */
export function collectSelectors(
  cmd: Command,
  fields: Field[],
  opts: { ignoreTakesVersion?: boolean } = {},
): SelectorState {
  const state: SelectorState = { selectors: [], ignores: [] };
  let last: { kind: 'q'; s: Selector } | { kind: 'ignore'; s: IgnoreSelector } | undefined;
  const subject = (flag: string) => {
    if (!last) throw new UsageError(`rollgate: ${flag} must follow the --pacticipant it belongs to`);
    if (last.kind === 'ignore' && !(flag === '--version' && opts.ignoreTakesVersion))
      throw new UsageError(`rollgate: ${flag} cannot follow --ignore (only --version can)`);
    return last.s as Selector;
  };
  const once = (s: Selector, flag: string) => {
    if (s.version !== undefined || s.latest || s.branch !== undefined || s.mainBranch) {
      throw new UsageError(
        `rollgate: --pacticipant ${s.pacticipant} has more than one of --version, --latest, --branch, --main-branch (${flag})`,
      );
    }
  };
  cmd.on('option:pacticipant', (name: string) => {
    const s: Selector = { pacticipant: name };
    state.selectors.push(s);
    last = { kind: 'q', s };
  });
  cmd.on('option:ignore', (name: string) => {
    const s: IgnoreSelector = { pacticipant: name };
    state.ignores.push(s);
    last = { kind: 'ignore', s };
  });
  if (fields.includes('version')) {
    cmd.on('option:version', (v: string) => {
      const s = subject('--version');
      if (last?.kind === 'q') once(s, '--version');
      else if (s.version !== undefined)
        throw new UsageError(`rollgate: --ignore ${s.pacticipant} has two --version options`);
      s.version = v;
    });
  }
  if (fields.includes('latest')) {
    cmd.on('option:latest', (tag: string | null | undefined) => {
      const s = subject('--latest');
      once(s, '--latest');
      s.latest = true;
      if (typeof tag === 'string') s.tag = tag;
    });
  }
  if (fields.includes('branch')) {
    cmd.on('option:branch', (b: string) => {
      const s = subject('--branch');
      once(s, '--branch');
      s.branch = b;
    });
  }
  if (fields.includes('main-branch')) {
    cmd.on('option:main-branch', () => {
      const s = subject('--main-branch');
      once(s, '--main-branch');
      s.mainBranch = true;
    });
  }
  return state;
}

/** `name=value` with the value percent-encoded and the brackets of the name left raw, as the Pact clients send them. */
export const param = (name: string, value: string) => `${name}=${encodeURIComponent(value)}`;
