/**
 * `--auto-detect-version-properties`: the commit, branch and build URL of the build that runs the command, from the
 * CI's own environment variables and, failing those, from git, in the order the `pact-broker` CLI looks them up
 * (pact_broker-client's git.rb), so one pipeline gets the same version from either CLI.
 */

export interface VersionProperties {
  commit?: string;
  branch?: string;
  buildUrl?: string;
  /** Where each value came from, for the line the command prints (`GITHUB_SHA`, `git rev-parse HEAD`, ...). */
  sources: { commit?: string; branch?: string; buildUrl?: string };
}

type Env = Record<string, string | undefined>;
/** Runs `git <args>` in the working directory; undefined when git is missing or fails (not a repository). */
export type GitRunner = (args: string[]) => string | undefined;

/** Branch variables, first set wins: GitHub (a pull request's head branch first), Buildkite, CircleCI, Travis (a
 * pull request's branch first), Jenkins, Hudson, AppVeyor, GitLab, Bitbucket, Azure DevOps. */
const BRANCH_VARS = [
  'GITHUB_HEAD_REF',
  'GITHUB_REF',
  'BUILDKITE_BRANCH',
  'CIRCLE_BRANCH',
  'TRAVIS_PULL_REQUEST_BRANCH',
  'TRAVIS_BRANCH',
  'GIT_BRANCH',
  'GIT_LOCAL_BRANCH',
  'APPVEYOR_REPO_BRANCH',
  'CI_COMMIT_REF_NAME',
  'BITBUCKET_BRANCH',
  'BUILD_SOURCEBRANCHNAME',
];

/** Commit variables, first set wins (GitLab's CI_COMMIT_SHA, CodeShip's CI_COMMIT_ID). */
const COMMIT_VARS = [
  'GITHUB_SHA',
  'BUILDKITE_COMMIT',
  'CIRCLE_SHA1',
  'TRAVIS_PULL_REQUEST_SHA',
  'TRAVIS_COMMIT',
  'GIT_COMMIT',
  'APPVEYOR_REPO_COMMIT',
  'CI_COMMIT_SHA',
  'CI_COMMIT_ID',
  'BITBUCKET_COMMIT',
  'BUILD_SOURCEVERSION',
];

const BUILD_URL_VARS = ['BUILDKITE_BUILD_URL', 'CIRCLE_BUILD_URL', 'TRAVIS_BUILD_WEB_URL', 'CI_JOB_URL', 'BUILD_URL'];

const value = (env: Env, name: string) => {
  const v = env[name]?.trim();
  return v ? v : undefined;
};

function first(env: Env, names: string[]): [string, string] | undefined {
  for (const name of names) {
    const v = value(env, name);
    if (v !== undefined) return [name, v];
  }
  return undefined;
}

/** `refs/heads/main` (GitHub's GITHUB_REF) and `origin/main` (Jenkins' GIT_BRANCH) name the branch `main`. */
function branchName(name: string, raw: string): string | undefined {
  // A tag build or a pull request's merge ref (refs/tags/v1, refs/pull/7/merge) is no branch.
  if (name === 'GITHUB_REF') return raw.startsWith('refs/heads/') ? raw.slice('refs/heads/'.length) : undefined;
  return raw.replace(/^refs\/heads\//, '').replace(/^origin\//, '');
}

/** Build URLs the CI does not give as one variable: GitHub Actions, Azure DevOps and Bitbucket Pipelines. */
function composedBuildUrl(env: Env): [string, string] | undefined {
  const gh = ['GITHUB_SERVER_URL', 'GITHUB_REPOSITORY', 'GITHUB_RUN_ID'].map((n) => value(env, n));
  if (gh.every(Boolean)) return ['GITHUB_RUN_ID', `${gh[0]}/${gh[1]}/actions/runs/${gh[2]}`];
  const az = ['SYSTEM_COLLECTIONURI', 'SYSTEM_TEAMPROJECT', 'BUILD_BUILDID'].map((n) => value(env, n));
  if (az.every(Boolean))
    return [
      'BUILD_BUILDID',
      `${az[0]!.replace(/\/?$/, '/')}${encodeURIComponent(az[1]!)}/_build/results?buildId=${az[2]}`,
    ];
  const bb = ['BITBUCKET_REPO_FULL_NAME', 'BITBUCKET_BUILD_NUMBER'].map((n) => value(env, n));
  if (bb.every(Boolean)) return ['BITBUCKET_BUILD_NUMBER', `https://bitbucket.org/${bb[0]}/pipelines/results/${bb[1]}`];
  return undefined;
}

export function detectVersionProperties(env: Env, git: GitRunner): VersionProperties {
  const found: VersionProperties = { sources: {} };

  const commit = first(env, COMMIT_VARS);
  if (commit) [found.sources.commit, found.commit] = commit;
  else {
    const sha = git(['rev-parse', 'HEAD'])?.trim();
    if (sha) [found.sources.commit, found.commit] = ['git rev-parse HEAD', sha];
  }

  for (const name of BRANCH_VARS) {
    const raw = value(env, name);
    const branch = raw === undefined ? undefined : branchName(name, raw);
    if (branch) {
      [found.sources.branch, found.branch] = [name, branch];
      break;
    }
  }
  if (!found.branch) {
    // As pact_broker-client: one variable ending in _BRANCH, if exactly one is set, names the branch.
    const others = Object.keys(env).filter((n) => n.endsWith('_BRANCH') && value(env, n) !== undefined);
    if (others.length === 1) [found.sources.branch, found.branch] = [others[0]!, value(env, others[0]!)!];
  }
  if (!found.branch) {
    // A detached HEAD (CI checkouts often are) names no branch.
    const head = git(['rev-parse', '--abbrev-ref', 'HEAD'])?.trim();
    if (head && head !== 'HEAD') [found.sources.branch, found.branch] = ['git rev-parse --abbrev-ref HEAD', head];
  }

  const buildUrl = composedBuildUrl(env) ?? first(env, BUILD_URL_VARS);
  if (buildUrl) [found.sources.buildUrl, found.buildUrl] = buildUrl;
  return found;
}

/** The real git, in `cwd` (the current directory by default), quietly. */
export async function gitRunner(cwd?: string): Promise<GitRunner> {
  const { execFileSync } = await import('node:child_process');
  return (args) => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    } catch {
      return undefined;
    }
  };
}
