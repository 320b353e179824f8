import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectVersionProperties, gitRunner } from '../../cli/src/ci-detect.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { run } from './support.ts';

const noGit = () => undefined;
const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('rollgate publish --auto-detect-version-properties', () => {
  describe('what each CI says about the build', () => {
    const cases: [string, Record<string, string>, { commit?: string; branch?: string; buildUrl?: string }][] = [
      [
        'GitHub Actions, a pull request (the head branch, not the merge ref)',
        {
          GITHUB_SHA: SHA,
          GITHUB_HEAD_REF: 'feat/login',
          GITHUB_REF: 'refs/pull/7/merge',
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_REPOSITORY: 'acme/web',
          GITHUB_RUN_ID: '42',
        },
        { commit: SHA, branch: 'feat/login', buildUrl: 'https://github.com/acme/web/actions/runs/42' },
      ],
      [
        'GitHub Actions, a push',
        { GITHUB_SHA: SHA, GITHUB_HEAD_REF: '', GITHUB_REF: 'refs/heads/main' },
        { commit: SHA, branch: 'main' },
      ],
      ['GitHub Actions, a tag build (no branch)', { GITHUB_SHA: SHA, GITHUB_REF: 'refs/tags/v1.0.0' }, { commit: SHA }],
      [
        'GitLab CI',
        { CI_COMMIT_SHA: SHA, CI_COMMIT_REF_NAME: 'main', CI_JOB_URL: 'https://gitlab.com/acme/web/-/jobs/9' },
        { commit: SHA, branch: 'main', buildUrl: 'https://gitlab.com/acme/web/-/jobs/9' },
      ],
      [
        'Jenkins (origin/ stripped)',
        { GIT_COMMIT: SHA, GIT_BRANCH: 'origin/release-2', BUILD_URL: 'https://jenkins/job/web/5/' },
        { commit: SHA, branch: 'release-2', buildUrl: 'https://jenkins/job/web/5/' },
      ],
      [
        'Buildkite',
        { BUILDKITE_COMMIT: SHA, BUILDKITE_BRANCH: 'main', BUILDKITE_BUILD_URL: 'https://buildkite.com/acme/web/1' },
        { commit: SHA, branch: 'main', buildUrl: 'https://buildkite.com/acme/web/1' },
      ],
      [
        'CircleCI',
        { CIRCLE_SHA1: SHA, CIRCLE_BRANCH: 'main', CIRCLE_BUILD_URL: 'https://circleci.com/gh/acme/web/3' },
        { commit: SHA, branch: 'main', buildUrl: 'https://circleci.com/gh/acme/web/3' },
      ],
      [
        'Azure DevOps',
        {
          BUILD_SOURCEVERSION: SHA,
          BUILD_SOURCEBRANCHNAME: 'main',
          SYSTEM_COLLECTIONURI: 'https://dev.azure.com/acme/',
          SYSTEM_TEAMPROJECT: 'Web Shop',
          BUILD_BUILDID: '77',
        },
        { commit: SHA, branch: 'main', buildUrl: 'https://dev.azure.com/acme/Web%20Shop/_build/results?buildId=77' },
      ],
      [
        'Bitbucket Pipelines',
        {
          BITBUCKET_COMMIT: SHA,
          BITBUCKET_BRANCH: 'main',
          BITBUCKET_REPO_FULL_NAME: 'acme/web',
          BITBUCKET_BUILD_NUMBER: '12',
        },
        { commit: SHA, branch: 'main', buildUrl: 'https://bitbucket.org/acme/web/pipelines/results/12' },
      ],
      [
        'Travis CI, a pull request',
        {
          TRAVIS_COMMIT: 'merge',
          TRAVIS_PULL_REQUEST_SHA: SHA,
          TRAVIS_BRANCH: 'main',
          TRAVIS_PULL_REQUEST_BRANCH: 'feat/x',
          TRAVIS_BUILD_WEB_URL: 'https://travis-ci.com/acme/web/builds/4',
        },
        { commit: SHA, branch: 'feat/x', buildUrl: 'https://travis-ci.com/acme/web/builds/4' },
      ],
      [
        'any one variable ending in _BRANCH',
        { GIT_COMMIT: SHA, DEPLOY_BRANCH: 'trunk' },
        { commit: SHA, branch: 'trunk' },
      ],
      ['two such variables name no branch', { GIT_COMMIT: SHA, A_BRANCH: 'x', B_BRANCH: 'y' }, { commit: SHA }],
    ];
    for (const [name, env, expected] of cases) {
      it(name, () => {
        const { commit, branch, buildUrl } = detectVersionProperties(env, noGit);
        assert.deepEqual(
          Object.fromEntries(Object.entries({ commit, branch, buildUrl }).filter(([, v]) => v !== undefined)),
          expected,
        );
      });
    }
  });

  describe('git, when no CI variable says', () => {
    let repo: string;
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    before(() => {
      repo = mkdtempSync(join(tmpdir(), 'rollgate-git-'));
      git('init', '-q', '-b', 'feature/checkout');
      writeFileSync(join(repo, 'a.txt'), 'a');
      git('add', 'a.txt');
      git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'a');
    });
    after(() => rmSync(repo, { recursive: true, force: true }));

    it('takes the commit and the checked-out branch', async () => {
      const found = detectVersionProperties({}, await gitRunner(repo));
      assert.equal(found.commit, git('rev-parse', 'HEAD'));
      assert.equal(found.branch, 'feature/checkout');
      assert.equal(found.sources.branch, 'git rev-parse --abbrev-ref HEAD');
    });

    it('names no branch on a detached HEAD (as CI checkouts often are), but still the commit', async () => {
      git('checkout', '-q', '--detach');
      const found = detectVersionProperties({}, await gitRunner(repo));
      assert.equal(found.commit, git('rev-parse', 'HEAD'));
      assert.equal(found.branch, undefined);
    });

    it('finds nothing outside a repository', async () => {
      const outside = mkdtempSync(join(tmpdir(), 'rollgate-nogit-'));
      try {
        const found = detectVersionProperties({}, await gitRunner(outside));
        assert.equal(found.commit, undefined);
        assert.equal(found.branch, undefined);
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });
  });

  describe('publishing', () => {
    let b: TestBroker;
    before(async () => {
      b = await startTestBroker();
    });
    after(() => b.destroy());

    it("publishes with the CI's commit as the version, its branch and build URL, and says what it detected", async () => {
      const env = {
        PACT_BROKER_BASE_URL: b.url,
        GITHUB_SHA: SHA,
        GITHUB_REF: 'refs/heads/main',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'acme/web',
        GITHUB_RUN_ID: '42',
      };
      const r = await run(['publish', 'fixtures/pacts/v3', '--auto-detect-version-properties'], env);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, new RegExp(`Detected version ${SHA} \\(GITHUB_SHA\\), branch main \\(GITHUB_REF\\)`));
      const version = await b.api.get(`/pacticipants/web/versions/${SHA}`);
      assert.equal(version.status, 200);
      assert.equal(version.body._embedded.branchVersions[0].name, 'main');
      assert.equal(version.body.buildUrl, 'https://github.com/acme/web/actions/runs/42');
    });

    it('keeps the flags it was given over what it detects', async () => {
      const env = { PACT_BROKER_BASE_URL: b.url, CI_COMMIT_SHA: SHA, CI_COMMIT_REF_NAME: 'feat/y' };
      const r = await run(
        ['publish', 'fixtures/pacts/v3', '--auto-detect-version-properties', '-a', '2.0.0', '--output', 'json'],
        env,
      );
      assert.equal(r.code, 0, r.err);
      assert.equal(JSON.parse(r.out)._embedded.version.number, '2.0.0');
      const version = await b.api.get('/pacticipants/web/versions/2.0.0');
      assert.equal(version.body._embedded.branchVersions[0].name, 'feat/y');
    });

    it('without a version to publish under, is a usage error (2) that says how to give one', async () => {
      const plain = await run(['publish', 'fixtures/pacts/v3'], { PACT_BROKER_BASE_URL: b.url });
      assert.equal(plain.code, 2);
      assert.match(plain.err, /--consumer-app-version is required \(or --auto-detect-version-properties/);
    });
  });
});
