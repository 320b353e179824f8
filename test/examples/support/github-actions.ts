/**
 * Runs a GitHub Actions workflow's jobs as a runner would, for the parts that matter to the recipes: the jobs
 * whose `if:` holds for the event (in `needs` order, stopping at a failed job), each `run:` step with
 * `${{ }}` expressions evaluated, workflow, job and step `env:`, the runner's GITHUB_* variables, step outputs
 * (GITHUB_OUTPUT) and the job summary (GITHUB_STEP_SUMMARY). `uses:` steps (checkout, setup-node) are skipped:
 * the workspace is the checkout and node is this one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { evaluate, interpolateGithub } from './expressions.ts';
import { shell, type Workspace } from './workspace.ts';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: unknown;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

export interface GithubEvent {
  name: 'push' | 'pull_request' | 'repository_dispatch' | 'workflow_dispatch';
  sha: string;
  /** `refs/heads/main`, `refs/pull/7/merge`. */
  ref: string;
  /** The pull request's head branch. */
  headRef?: string;
  payload?: Record<string, unknown>;
  inputs?: Record<string, string>;
}

export interface StepRun {
  job: string;
  step: string;
  code: number;
  out: string;
  err: string;
}

export interface WorkflowRun {
  /** Jobs in the order they ran; a failed one is the last. */
  jobs: string[];
  steps: StepRun[];
  ok: boolean;
  summary: string;
}

export function readWorkflow(file: string): Workflow {
  return parse(readFileSync(file, 'utf8')) as Workflow;
}

/** The events a workflow's `on:` accepts (`repository_dispatch` types included as `repository_dispatch:<type>`). */
export function triggers(workflow: Workflow): string[] {
  const on = workflow.on as string | string[] | Record<string, { types?: string[] } | null>;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on;
  return Object.entries(on).flatMap(([name, cfg]) => [name, ...(cfg?.types ?? []).map((t) => `${name}:${t}`)]);
}

function jobOrder(jobs: Record<string, Job>): string[] {
  const done: string[] = [];
  const visit = (name: string) => {
    if (done.includes(name)) return;
    const needs = jobs[name]!.needs;
    for (const n of needs === undefined ? [] : Array.isArray(needs) ? needs : [needs]) visit(n);
    done.push(name);
  };
  for (const name of Object.keys(jobs)) visit(name);
  return done;
}

export async function runWorkflow(
  file: string,
  event: GithubEvent,
  settings: { vars: Record<string, string>; secrets: Record<string, string> },
  ws: Workspace,
): Promise<WorkflowRun> {
  const workflow = readWorkflow(file);
  const summaryFile = join(ws.dir, '.step-summary.md');
  writeFileSync(summaryFile, '');
  const refName = event.ref.replace(/^refs\/(heads|tags)\//, '');
  const github = {
    event_name: event.name,
    sha: event.sha,
    ref: event.ref,
    ref_name: refName,
    head_ref: event.headRef ?? '',
    server_url: 'https://github.com',
    repository: 'acme/service',
    run_id: '1001',
    event: { ...(event.payload ?? {}), inputs: event.inputs },
  };
  const runnerEnv: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_SHA: event.sha,
    GITHUB_REF: event.ref,
    GITHUB_REF_NAME: refName,
    GITHUB_HEAD_REF: event.headRef ?? '',
    GITHUB_SERVER_URL: github.server_url,
    GITHUB_REPOSITORY: github.repository,
    GITHUB_RUN_ID: github.run_id,
    GITHUB_WORKSPACE: ws.dir,
    GITHUB_STEP_SUMMARY: summaryFile,
  };
  const run: WorkflowRun = { jobs: [], steps: [], ok: true, summary: '' };
  for (const jobName of jobOrder(workflow.jobs)) {
    const job = workflow.jobs[jobName]!;
    const needs = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
    if (!needs.every((n) => run.jobs.includes(n))) continue;
    const context: Record<string, unknown> = {
      github,
      vars: settings.vars,
      secrets: settings.secrets,
      inputs: event.inputs ?? {},
      steps: {},
    };
    if (job.if !== undefined && !evaluate(job.if.replace(/^\$\{\{\s*|\s*\}\}$/g, ''), context)) continue;
    run.jobs.push(jobName);
    const envOf = (block?: Record<string, string>) =>
      Object.fromEntries(Object.entries(block ?? {}).map(([k, v]) => [k, interpolateGithub(String(v), context)]));
    const jobEnv = { ...runnerEnv, ...envOf(workflow.env), ...envOf(job.env) };
    for (const [i, step] of job.steps.entries()) {
      if (step.uses || step.run === undefined) continue;
      const outputFile = join(ws.dir, `.output-${jobName}-${i}`);
      writeFileSync(outputFile, '');
      const result = await shell(interpolateGithub(step.run, context), {
        cwd: ws.dir,
        env: { ...jobEnv, ...envOf(step.env), GITHUB_OUTPUT: outputFile },
        path: ws.path,
      });
      run.steps.push({ job: jobName, step: step.name ?? step.run.split('\n')[0]!, ...result });
      if (step.id) {
        const outputs = Object.fromEntries(
          readFileSync(outputFile, 'utf8')
            .split('\n')
            .filter((l) => l.includes('='))
            .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
        );
        (context.steps as Record<string, unknown>)[step.id] = { outputs };
      }
      if (result.code !== 0) {
        run.ok = false;
        run.summary = readFileSync(summaryFile, 'utf8');
        return run;
      }
    }
  }
  run.summary = readFileSync(summaryFile, 'utf8');
  return run;
}
